package org.registro.ui;

import java.util.function.Consumer;
import org.registro.common.Progress;

/**
 * Runs work off the FX thread and hands the result back on it. View models take a runner; the app uses
 * {@link FxTaskRunner}, tests can use {@link DirectTaskRunner}.
 */
public interface TaskRunner {

    /** Work that reports progress and checks for cancellation through {@link Progress}. */
    @FunctionalInterface
    interface Job<T> {
        T run(Progress progress) throws Exception;
    }

    /** A started task that can be cancelled. */
    interface Handle {
        void cancel();
    }

    /**
     * Runs {@code job}. A non-null {@code title} shows the task in the status bar with a progress bar and
     * a cancel button; quick queries pass null. Callbacks run on the FX thread; a cancelled job calls
     * neither.
     */
    <T> Handle run(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** What a job reports, handed to a screen that shows it itself: on the FX thread, fraction -1 when unknown. */
    @FunctionalInterface
    interface Listener {
        void progress(double fraction, String message);
    }

    /** As {@link #run(String, Job, Consumer, Consumer)}, also telling {@code onProgress} what the job reports. */
    <T> Handle run(String title, Job<T> job, Listener onProgress, Consumer<? super T> onSuccess,
                   Consumer<Throwable> onFailure);
}
