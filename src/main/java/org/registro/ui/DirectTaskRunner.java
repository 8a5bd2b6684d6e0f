package org.registro.ui;

import java.util.function.Consumer;
import org.registro.common.CancelledException;
import org.registro.common.Progress;

/** Runs jobs at once on the calling thread: for view-model tests and the CLI. */
public final class DirectTaskRunner implements TaskRunner {

    @Override
    public <T> Handle run(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        return run(title, job, null, onSuccess, onFailure);
    }

    @Override
    public <T> Handle run(String title, Job<T> job, Listener onProgress, Consumer<? super T> onSuccess,
                          Consumer<Throwable> onFailure) {
        Progress progress = onProgress == null ? Progress.NONE : new Progress() {
            @Override
            public void update(long done, long total, String message) {
                onProgress.progress(total > 0 ? (double) done / total : -1, message);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
        T result;
        try {
            result = job.run(progress);
        } catch (CancelledException e) {
            return () -> { };
        } catch (Exception e) {
            onFailure.accept(e);
            return () -> { };
        }
        onSuccess.accept(result);
        return () -> { };
    }
}
