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

    /**
     * Step {@code step} (from 0) of {@code steps} in a longer piece of work, named {@code message}: what the step
     * reports as done of its own total moves this progress on within the step's share, always with the step's name.
     */
    default Progress step(int step, int steps, String message) {
        Progress whole = this;
        long scale = 1_000;
        whole.update(step * scale, steps * scale, message);
        return new Progress() {
            @Override
            public void update(long done, long total, String ignored) {
                long within = total > 0 ? Math.min(scale, done * scale / total) : 0;
                whole.update(step * scale + within, steps * scale, message);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }
        };
    }
}
