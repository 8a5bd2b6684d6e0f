package org.registro.ingest;

import org.registro.common.Messages;

/**
 * How fast an import goes and how long it has left, for its progress line: rows a second since it started, and
 * the time left from the share of the file read so far (bytes), once a couple of seconds tell.
 */
final class ImportPace {

    private static final long SETTLED_NANOS = 2_000_000_000L;

    private final long started;

    ImportPace(long startedNanos) {
        this.started = startedNanos;
    }

    /** The progress line: counts, then the pace and time left once known. */
    String line(long now, long read, long created, long updated, long rejected, long bytesRead, long bytesTotal) {
        String counts = Messages.get("import.progress", read, created, updated, rejected);
        long elapsed = now - started;
        if (elapsed < SETTLED_NANOS || read == 0) {
            return counts;
        }
        long perSecond = Math.round(read * 1e9 / elapsed);
        String pace = Messages.get("import.progress.pace", counts, perSecond);
        if (bytesTotal <= 0 || bytesRead <= 0 || bytesRead >= bytesTotal) {
            return pace;
        }
        double done = (double) bytesRead / bytesTotal;
        long secondsLeft = Math.round(elapsed / 1e9 * (1 - done) / done);
        return Messages.get("import.progress.left", pace, left(secondsLeft));
    }

    static String left(long seconds) {
        if (seconds < 60) {
            return Messages.get("import.left.seconds", Math.max(5, (seconds + 4) / 5 * 5));
        }
        return Messages.get("import.left.minutes", (seconds + 30) / 60);
    }
}
