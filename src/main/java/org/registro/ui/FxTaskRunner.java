package org.registro.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.registro.common.CancelledException;
import org.registro.common.Progress;

/**
 * The app's task runner: a small bounded pool of daemon threads. Titled tasks are listed in
 * {@link #visibleTasks()} for the status bar while they run.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {

    private final ExecutorService pool;
    private final ObservableList<Task<?>> visible = FXCollections.observableArrayList();

    public FxTaskRunner(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "registro-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Titled tasks that are running now; changed on the FX thread only. */
    public ObservableList<Task<?>> visibleTasks() {
        return visible;
    }

    @Override
    public <T> Handle run(String title, Job<T> job, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        return run(title, job, null, onSuccess, onFailure);
    }

    @Override
    public <T> Handle run(String title, Job<T> job, Listener onProgress, Consumer<? super T> onSuccess,
                          Consumer<Throwable> onFailure) {
        JobTask<T> task = new JobTask<>(title, job);
        if (onProgress != null) {
            task.progressProperty().addListener((o, a, now) -> onProgress.progress(now.doubleValue(), task.getMessage()));
            task.messageProperty().addListener((o, a, now) -> onProgress.progress(task.getProgress(), now));
        }
        task.setOnSucceeded(e -> {
            visible.remove(task);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(e -> {
            visible.remove(task);
            if (!(task.getException() instanceof CancelledException)) {
                onFailure.accept(task.getException());
            }
        });
        task.setOnCancelled(e -> visible.remove(task));
        if (title != null) {
            runOnFx(() -> visible.add(task));
        }
        pool.execute(task);
        // no interrupt: jobs stop at their next check of isCancelled, and H2 must not see an interrupted thread
        // (it refuses it a pooled connection, and an interrupt during file I/O closes the file)
        return () -> task.cancel(false);
    }

    /** A JavaFX task around a job, its progress and cancellation wired to the job's {@link Progress}. */
    private static final class JobTask<T> extends Task<T> {
        private final Job<T> job;

        JobTask(String title, Job<T> job) {
            this.job = job;
            if (title != null) {
                updateTitle(title);
            }
        }

        @Override
        protected T call() throws Exception {
            return job.run(new Progress() {
                @Override
                public void update(long done, long total, String message) {
                    updateProgress(done, total < 0 ? -1 : total);
                    if (message != null) {
                        updateMessage(message);
                    }
                }

                @Override
                public boolean isCancelled() {
                    return JobTask.this.isCancelled();
                }
            });
        }
    }

    private static void runOnFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
