package org.registro.common;

/**
 * How long work reports progress and learns that it was cancelled. JavaFX-free, so core jobs can run
 * under the GUI's task runner, the CLI and tests alike.
 */
public interface Progress {

    /** A sink that ignores progress and is never cancelled. */
    Progress NONE = new Progress() {
        @Override
        public void update(long done, long total, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** Reports that {@code done} of {@code total} units are finished; {@code total < 0} means unknown. */
    void update(long done, long total, String message);

    boolean isCancelled();

    /** Throws {@link CancelledException} when the user asked to stop; call once per batch. */
    default void checkCancelled() {
        if (isCancelled() || Thread.currentThread().isInterrupted()) {
            throw new CancelledException();
        }
    }
}
