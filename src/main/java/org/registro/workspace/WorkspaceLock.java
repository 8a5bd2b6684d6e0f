package org.registro.workspace;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on {@code .registro.lock} held while a workspace is open, so a second Registro
 * (another process, or another window of this one) gets a clear message instead of a database error.
 * The OS releases the lock when the process dies, so a killed Registro never leaves a workspace locked.
 */
final class WorkspaceLock implements AutoCloseable {

    static final String FILE_NAME = ".registro.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private WorkspaceLock(FileChannel channel, FileLock lock, String previousHolder) {
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /**
     * The process that held the workspace last time if it did not close it (the lock file is emptied on
     * a clean close, so a name left in it means that Registro was killed or crashed); null otherwise.
     */
    String uncleanPreviousHolder() {
        return previousHolder;
    }

    static WorkspaceLock acquire(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new WorkspaceLockedException(folder.toString(), readHolder(file));
            }
            String previous = readHolder(file);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holderDescription().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WorkspaceLock(channel, lock, previous.isEmpty() ? null : previous);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new WorkspaceLockedException(folder.toString(), e.getMessage());
        }
    }

    /**
     * The lock, or null when another holder has it. A holder in this same process is usually a workspace
     * being closed in the background (the user switched away and back): it is given a few seconds.
     */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        while (true) {
            try {
                return channel.tryLock();
            } catch (OverlappingFileLockException e) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private static String holderDescription() {
        // "12345@laptop" on HotSpot: process id and host name.
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    private static String readHolder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0); // a clean close leaves no holder behind
            channel.force(false);
        } catch (IOException ignored) {
            // the next open will take the workspace for uncleanly closed, which is only cautious
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        closeQuietly(channel);
    }
}
