package org.registro.ingest;

import java.util.concurrent.ExecutionException;
import org.registro.common.CancelledException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes an import's chunks one after the other on a writer thread while the reading thread reads and normalizes
 * the next chunk: on two cores, parsing dates, phones and names no longer waits for the database (issue 24). At
 * most one chunk is being written and one being read; a chunk's failure reaches the reading thread when it hands
 * over the next chunk, or at {@link #finish}. The writer has the batch's connection to itself while a chunk runs.
 */
final class ChunkPipeline implements AutoCloseable {

    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "registro-import-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> writing;

    /** Hands a chunk to the writer once the one before is written. */
    void submit(Runnable chunk) {
        finish();
        writing = writer.submit(chunk);
    }

    /** Waits for the chunk being written; its failure is thrown here as it was thrown there. */
    void finish() {
        if (writing == null) {
            return;
        }
        Future<?> current = writing;
        writing = null;
        try {
            getWhole(current);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits for the chunk even when this thread is interrupted (a job cancelled with an interrupt): the writer
     * holds the batch's connection until its chunk is done, and the rollback and undo that follow need it. The
     * interrupt is then answered as the cancellation it is, and not left set: H2 refuses a pooled connection to an
     * interrupted thread, which the undo needs next.
     */
    private static void getWhole(Future<?> chunk) throws ExecutionException {
        boolean interrupted = false;
        while (true) {
            try {
                chunk.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            throw new CancelledException();
        }
    }

    /** Waits for the writer to be idle (after a failure too, so the transaction can be rolled back) and stops it. */
    @Override
    public void close() {
        try {
            finish();
        } catch (RuntimeException | Error e) {
            // already thrown to the reading thread, or the reading thread is failing for its own reason
        } finally {
            writer.shutdown();
        }
    }
}
