package org.registro.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.registro.common.Progress;
import picocli.CommandLine.Model.CommandSpec;

/** Progress of long work on standard error, at most twice a second, so standard output stays the result. */
final class ConsoleProgress implements Progress {

    private final PrintWriter err;
    private long lastShown;
    private String lastMessage;

    ConsoleProgress(CommandSpec spec) {
        this.err = spec.commandLine().getErr();
    }

    @Override
    public synchronized void update(long done, long total, String message) {
        long now = System.nanoTime();
        boolean changed = message != null && !message.equals(lastMessage);
        if (!changed && now - lastShown < 500_000_000L && done != total) {
            return;
        }
        lastShown = now;
        if (message != null) {
            lastMessage = message;
        }
        String text = lastMessage == null ? "" : lastMessage;
        err.println(total > 0 ? String.format(Locale.ROOT, "... %s %,d / %,d (%d%%)", text, done, total,
                done * 100 / total) : "... " + text + (done > 0 ? String.format(Locale.ROOT, " %,d", done) : ""));
        err.flush();
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
