package org.registro.ui;

import java.util.function.Consumer;
import org.registro.common.CancelledException;
import org.registro.common.Progress;

/** Runs jobs at once on the calling thread: for view-model tests and the CLI. */
public final class DirectTaskRunner implements TaskRunner {

    @Override
    public <T> Handle run(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = job.run(Progress.NONE);
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
