package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONTACT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;

/** DESIGN.md invariant 3: a kill -9 in the middle of writing leaves a workspace that opens and is consistent. */
class KillNineTest {

    @TempDir
    Path tmp;

    /** The process that gets killed: writes contacts in batches until it is stopped. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            try (Workspace ws = new WorkspaceService(Clock.systemUTC()).open(dir, null)) {
                ContactService contacts = new ContactService(ws, new AuditLog(Clock.systemUTC(), "writer"));
                for (int round = 0; ; round++) {
                    for (int i = 0; i < 300; i++) {
                        contacts.create(ContactDraft.of("W" + i, "Round" + round, "w" + round + "x" + i
                                + "@example.org").withPhone("+34 6" + String.format("%08d", round * 300 + i)));
                    }
                    Files.writeString(dir.resolve("rounds.txt"), String.valueOf(round + 1));
                }
            }
        }
    }

    /** Starts a writer on a new workspace, lets it commit at least one round, and kills it with SIGKILL. */
    private Path killWriterMidWork() throws Exception {
        Path dir = tmp.resolve("ws");
        new WorkspaceService(Clock.systemUTC()).create(dir, new NewWorkspace("Kill", "ES", null)).close();
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("writer.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("rounds.txt")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(700); // somewhere inside a later round
        writer.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no closing of the database
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return dir;
    }

    @Test
    void aKilledWriterLeavesAWorkspaceThatOpensAndKnowsItWasNotClosed() throws Exception {
        Path dir = killWriterMidWork();
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).open(dir, null)) {
            assertThat(ws.openedAfterUncleanShutdown()).isTrue();
            assertThat(new WorkspaceService(Clock.systemUTC()).recentActivity(ws, 1))
                    .extracting(ActivityEntry::action).containsExactly("workspace.uncleanShutdown");
            assertThat(ws.dsl().fetchCount(CONTACT)).isGreaterThanOrEqualTo(300);
        }
        try (Workspace ws = new WorkspaceService(Clock.systemUTC()).open(dir, null)) {
            assertThat(ws.openedAfterUncleanShutdown()).as("closed cleanly this time").isFalse();
        }
    }
}
