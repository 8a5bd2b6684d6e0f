package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.IMPORT_BATCH;
import static org.registro.db.Tables.RETENTION_POLICY;
import static org.registro.db.Tables.RETENTION_RUN;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.registro.Main;
import org.registro.testutil.WorkspaceInvariants;
import org.registro.wiring.Session;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * DESIGN.md invariants 3 and 8 under kill -9: the command line is killed at random moments during an import,
 * an automatic merge, an import undo and a retention run, and the workspace it leaves must open normally, be
 * consistent, and hold each operation whole or not at all. {@code -Dregistro.kill.trials=N} runs more trials,
 * {@code -Dregistro.kill.seed=S} repeats a run, {@code -Dregistro.kill.operations=merge,undo} tries only those.
 */
class CliKillTest {

    private static final int TRIALS = Integer.getInteger("registro.kill.trials", 20);
    private static final long SEED = Long.getLong("registro.kill.seed", System.nanoTime() % 100_000);
    private static final String[] OPERATIONS = System.getProperty("registro.kill.operations",
            "import,merge,undo,retention").split(",");

    @TempDir
    static Path shared;

    private static Path base;
    private static Path bigFile;
    private static long baseContacts;
    private static long shopBatch;

    @BeforeAll
    static void buildABaseWorkspace() throws Exception {
        base = shared.resolve("base");
        Path people = shared.resolve("people.csv");
        Path more = shared.resolve("more.csv");
        bigFile = shared.resolve("big.csv");
        assertThat(cli("workspace", "create", base.toString(), "--region", "ES")).isZero();
        assertThat(cli("generate", "--contacts", "4000", "--duplicates", "0.2", "--seed", "1", "--out",
                people.toString())).isZero();
        assertThat(cli("generate", "--contacts", "12000", "--duplicates", "0.1", "--seed", "2", "--out",
                more.toString())).isZero();
        assertThat(cli("generate", "--contacts", "10000", "--duplicates", "0.1", "--seed", "3", "--out",
                bigFile.toString())).isZero();
        // donors last active years ago, without consent: what the retention rules erase and delete
        Path donations = shared.resolve("donations.csv");
        StringBuilder rows = new StringBuilder("Email,First name,Last name,Amount,Date\n");
        for (int i = 0; i < 3000; i++) {
            rows.append("old").append(i).append("@example.net,Old,Donor").append(i).append(',').append(5 + i % 50)
                    .append(",2019-0").append(1 + i % 9).append("-1").append(i % 10).append('\n');
        }
        Files.writeString(donations, rows);
        assertThat(cli("--workspace", base.toString(), "import", people.toString(), "--source", "CRM")).isZero();
        assertThat(cli("--workspace", base.toString(), "import", more.toString(), "--source", "Shop")).isZero();
        assertThat(cli("--workspace", base.toString(), "import", donations.toString(), "--source", "Donations"))
                .isZero();
        assertThat(cli("--workspace", base.toString(), "dedupe", "scan")).isZero();
        assertThat(cli("--workspace", base.toString(), "retention", "set", "erase_inactive_without_consent", "24"))
                .isZero();
        assertThat(cli("--workspace", base.toString(), "retention", "set", "delete_old_events", "36")).isZero();
        try (Workspace ws = open(base)) {
            baseContacts = ws.dsl().fetchCount(CONTACT);
            shopBatch = ws.dsl().select(IMPORT_BATCH.ID).from(IMPORT_BATCH)
                    .where(IMPORT_BATCH.FILE_NAME.eq("more.csv")).fetchSingle(IMPORT_BATCH.ID);
            assertThat(Session.open(ws, new WorkspaceService(Clock.systemUTC()), "t").retention().previewAll())
                    .as("the retention rules have work")
                    .allSatisfy(p -> assertThat(p.count()).isPositive());
        }
    }

    private static int cli(String... args) {
        return org.registro.cli.RegistroCommand.run(Clock.systemUTC(), args);
    }

    private static Workspace open(Path dir) {
        return Session.workspaceService(Clock.systemUTC(), "kill-test").open(dir, null);
    }

    @Test
    // a workspace that hangs while it opens fails the test instead of the whole build
    @Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killingTheCommandLineAtRandomMomentsNeverLeavesABrokenWorkspace() throws Exception {
        Random random = new Random(SEED);
        System.out.println("CliKillTest seed " + SEED + " (repeat with -Dregistro.kill.seed=" + SEED + ")");
        List<String> outcomes = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            String operation = OPERATIONS[trial % OPERATIONS.length];
            long delay = Long.getLong("registro.kill.from", 300) + random.nextInt(Integer.getInteger("registro.kill.span", 9_000));
            Path dir = shared.resolve("trial-" + trial);
            copy(base, dir);
            String[] args = switch (operation) {
                case "import" -> new String[] {"import", bigFile.toString(), "--source", "Web"};
                case "merge" -> new String[] {"dedupe", "auto"};
                case "undo" -> new String[] {"import", "undo", String.valueOf(shopBatch)};
                default -> new String[] {"retention", "run", "--yes"};
            };
            boolean finished = runAndKill(dir, args, delay);
            outcomes.add(operation + (finished ? " finished" : " killed after " + delay + " ms"));
            try (Workspace ws = open(dir)) {
                WorkspaceInvariants.check(ws);
                checkWholeOrNothing(ws, operation);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("Trial " + trial + " (" + outcomes.get(trial) + ", seed " + SEED
                        + ", repeat with -Dregistro.kill.seed=" + SEED + ") left a broken workspace: " + e, e);
            }
        }
        System.out.println("CliKillTest seed " + SEED + ": " + outcomes);
        assertThat(outcomes).as("most trials are killed mid-work").filteredOn(o -> o.contains("killed"))
                .hasSizeGreaterThanOrEqualTo(TRIALS / 2);
    }

    /** The operation is in the workspace whole, or not at all. */
    private static void checkWholeOrNothing(Workspace ws, String operation) {
        var dsl = ws.dsl();
        switch (operation) {
            case "import" -> {
                var batch = dsl.selectFrom(IMPORT_BATCH).where(IMPORT_BATCH.FILE_NAME.eq("big.csv")).fetchOne();
                long created = dsl.fetchCount(CONTACT, CONTACT.CREATED_BATCH_ID.eq(batch == null ? -1L
                        : batch.getId()));
                if (batch == null || !"completed".equals(batch.getStatus())) {
                    assertThat(created).as("an import that did not complete left no contact").isZero();
                    assertThat(dsl.fetchCount(CONTACT)).isEqualTo(baseContacts);
                } else {
                    assertThat(created).isEqualTo(batch.getRowsCreated());
                }
            }
            case "undo" -> {
                String status = dsl.select(IMPORT_BATCH.STATUS).from(IMPORT_BATCH)
                        .where(IMPORT_BATCH.ID.eq(shopBatch)).fetchSingle(IMPORT_BATCH.STATUS);
                long left = dsl.fetchCount(CONTACT, CONTACT.CREATED_BATCH_ID.eq(shopBatch));
                assertThat(status).isIn("completed", "undone");
                if ("completed".equals(status)) {
                    assertThat(dsl.fetchCount(CONTACT)).as("an undo that did not start changed nothing")
                            .isEqualTo(baseContacts);
                } else {
                    // nothing was merged or exported in the base workspace: no contact of the batch stays
                    assertThat(left).as("an undone batch leaves none of its contacts").isZero();
                }
            }
            case "merge" -> assertThat(dsl.fetchCount(CONTACT)).as("a merge keeps both rows")
                    .isEqualTo(baseContacts);
            default -> {
                for (var run : dsl.select(RETENTION_RUN.AFFECTED, RETENTION_POLICY.NAME, RETENTION_RUN.DETAILS_JSON)
                        .from(RETENTION_RUN).join(RETENTION_POLICY).on(RETENTION_POLICY.ID.eq(RETENTION_RUN.POLICY_ID))
                        .fetch()) {
                    if (run.value2().equals("erase_inactive_without_consent")) {
                        assertThat(dsl.fetchCount(CONTACT, CONTACT.STATUS.eq("erased")))
                                .isGreaterThanOrEqualTo(run.value1());
                    } else {
                        String cutoff = org.registro.common.Json.read(run.value3(), java.util.Map.class)
                                .get("cutoff").toString();
                        assertThat(dsl.fetchCount(EVENT, EVENT.OCCURRED_AT.lt(OffsetDateTime.parse(cutoff))))
                                .as("a recorded deletion of old activity is complete").isZero();
                    }
                }
                if (dsl.fetchCount(RETENTION_RUN) == 0) {
                    assertThat(dsl.fetchCount(CONTACT, CONTACT.STATUS.eq("erased")))
                            .as("a retention run that did not complete erased nobody").isZero();
                }
            }
        }
    }

    /** Runs the command line in its own JVM and kills it with SIGKILL after {@code delayMs}; true if it ended. */
    private static boolean runAndKill(Path dir, String[] args, long delayMs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--workspace",
                dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile()).start();
        if (process.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no closing of the database
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return false;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
