package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.registro.common.CancelledException;

class ChunkPipelineTest {

    @Test
    void chunksAreWrittenOneAfterTheOtherInTheirOrder() {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        try (ChunkPipeline pipeline = new ChunkPipeline()) {
            for (int i = 0; i < 50; i++) {
                int chunk = i;
                pipeline.submit(() -> written.add(chunk));
            }
            pipeline.finish();
        }
        assertThat(written).hasSize(50).isSorted();
    }

    @Test
    void aChunksFailureReachesTheReaderAsItWasThrown() {
        try (ChunkPipeline pipeline = new ChunkPipeline()) {
            pipeline.submit(() -> {
                throw new IllegalArgumentException("row 12: no identifier");
            });
            assertThatThrownBy(() -> pipeline.submit(() -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("row 12: no identifier");
        }
    }

    @Test
    void anInterruptWaitsForTheChunkAndIsAnsweredAsACancelWithoutStayingSet() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean chunkDone = new AtomicBoolean();
        List<Throwable> thrown = new ArrayList<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (ChunkPipeline pipeline = new ChunkPipeline()) {
                pipeline.submit(() -> {
                    writing.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    chunkDone.set(true);
                });
                pipeline.finish();
            } catch (RuntimeException e) {
                thrown.add(e);
                // the chunk was complete before the cancel reached the reader
                if (!chunkDone.get()) {
                    thrown.add(new AssertionError("cancel thrown while the chunk was still being written"));
                }
                interruptedAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        reader.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        reader.interrupt();
        Thread.sleep(100);
        release.countDown();
        reader.join(10_000);
        assertThat(thrown).hasSize(1).first().isInstanceOf(CancelledException.class);
        assertThat(chunkDone).isTrue();
        assertThat(interruptedAfter).isFalse();
    }
}
