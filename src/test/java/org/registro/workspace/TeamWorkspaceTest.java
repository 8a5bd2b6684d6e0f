package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONTACT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Phrase;
import org.registro.common.Progress;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactProfile;
import org.registro.contact.EditConflictException;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.testutil.TestWorkspaces;
import org.registro.wiring.Session;

/**
 * Two people on one team workspace (two clients, each with its own pool and change feed, as two app instances
 * would be). Runs in the PostgreSQL pass of the suite ({@code mvn -P postgresql}); skipped on H2, which has no
 * team workspaces.
 */
class TeamWorkspaceTest {

    @TempDir
    Path tmp;

    private TeamAddress address;
    private Workspace ana;
    private Workspace bea;

    @BeforeEach
    void open() {
        Assumptions.assumeTrue(TestWorkspaces.onServer(), "needs a PostgreSQL server (-P postgresql)");
        address = TestWorkspaces.newTeamAddress();
        ana = Session.workspaceService(Clock.systemUTC(), "ana").create(address, null,
                new NewWorkspace("Fundación Sol", "ES", null));
        bea = Session.workspaceService(Clock.systemUTC(), "bea").open(address, null);
    }

    @AfterEach
    void close() {
        if (ana != null) {
            ana.close();
        }
        if (bea != null) {
            bea.close();
        }
    }

    @Test
    void bothSeeTheSameWorkspaceAndEachHearsWhatTheOtherChanged() throws Exception {
        assertThat(bea.name()).isEqualTo("Fundación Sol");
        assertThat(bea.store()).isEqualTo(Store.POSTGRES);
        assertThat(bea.address()).isEqualTo(address.toString());
        assertThat(bea.folder()).isEqualTo(address.localFolder());
        assertThat(Files.isDirectory(bea.rejectsDir())).isTrue();

        // the audience index watches the tables it counts from (LiveAudience); here, the contacts
        ana.changes().watch(ana.dsl(), "contact", "id");
        List<Changes.Batch> heardByBea = new CopyOnWriteArrayList<>();
        bea.changes().listen(heardByBea::add);
        List<Changes.Batch> heardByAna = new CopyOnWriteArrayList<>();
        ana.changes().listen(heardByAna::add);

        long id = TestWorkspaces.contacts(ana).create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));

        assertThat(heardByAna).as("her own commit is heard at once, as hers")
                .anySatisfy(b -> {
                    assertThat(b.others()).isFalse();
                    assertThat(b.contacts().contains(id)).isTrue();
                });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heardByBea.stream().noneMatch(b -> b.contacts().contains(id)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(heardByBea).as("the other client hears it within its polling period, as someone else's")
                .anySatisfy(b -> {
                    assertThat(b.others()).isTrue();
                    assertThat(b.contacts().contains(id)).isTrue();
                });
        assertThat(TestWorkspaces.contacts(bea).profile(id)).map(ContactProfile::email).contains("ana@example.org");
    }

    @Test
    void twoEditsOfOnePersonNeverLoseOneSilently() {
        long id = TestWorkspaces.contacts(ana).create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        var anaContacts = new org.registro.contact.ContactService(ana, new AuditLog(ana.clock(), Session.actorIn(ana, "ana")));
        var beaContacts = new org.registro.contact.ContactService(bea, new AuditLog(bea.clock(), Session.actorIn(bea, "bea")));
        ContactProfile anaOpened = anaContacts.profile(id).orElseThrow();
        ContactProfile beaOpened = beaContacts.profile(id).orElseThrow();

        beaContacts.update(id, beaOpened.toDraft().withAddress(null, null, "Sevilla", null), beaOpened.updatedAt());
        assertThatThrownBy(() -> anaContacts.update(id, anaOpened.toDraft().withPhone("612345678"),
                anaOpened.updatedAt()))
                .isInstanceOfSatisfying(EditConflictException.class, e -> assertThat(e.changes())
                        .extracting(EditConflictException.Change::field, EditConflictException.Change::by)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("city", address.user())));
        assertThat(ana.dsl().select(AUDIT_LOG.ACTOR).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq("contact.update"))
                .fetch(AUDIT_LOG.ACTOR)).as("the audit log names the server user").containsExactly(address.user());
    }

    @Test
    void largeWorkRunsAloneAndTheOtherIsToldWhoIsAtIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<Changes.Batch> heardByBea = new CopyOnWriteArrayList<>();
        bea.changes().listen(heardByBea::add);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<String> anaWork = thread.submit(() -> ana.exclusively(Phrase.of("team.busy.import", "socios.csv"),
                    () -> {
                        started.countDown();
                        await(finish);
                        return "done";
                    }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heardByBea.stream().noneMatch(b -> b.others() && b.catalogue().contains("registro_busy"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(heardByBea).as("the other hears that large work started, without asking")
                    .anySatisfy(b -> assertThat(b.catalogue()).contains("registro_busy"));
            assertThat(bea.busy()).hasValueSatisfying(h -> {
                assertThat(h.user()).isEqualTo(address.user());
                assertThat(h.what().english()).isEqualTo("importing socios.csv");
            });
            Path file = tmp.resolve("socios.csv");
            Files.writeString(file, "Email;Nombre\nbea@example.es;Bea\n");
            ImportService beaImports = new ImportService(bea, new AuditLog(bea.clock(), "bea"));
            assertThatThrownBy(() -> beaImports.importAsPlanned(file, SourceFile.Options.detect(), null, null,
                    "first", Progress.NONE))
                    .isInstanceOf(WorkspaceBusyException.class)
                    .hasMessageContaining("importing socios.csv")
                    .hasMessageContaining(address.user());
            assertThat(bea.dsl().fetchCount(CONTACT)).as("the refused import wrote nothing").isZero();

            finish.countDown();
            assertThat(anaWork.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            assertThat(bea.busy()).isEmpty();
            assertThat(beaImports.importAsPlanned(file, SourceFile.Options.detect(), null, null, "first",
                    Progress.NONE).created()).isEqualTo(1);
        } finally {
            finish.countDown();
            thread.shutdownNow();
        }
    }

    @Test
    void anImportWhileSomeoneEditsKeepsEveryRowAndEveryEdit() throws Exception {
        long id = TestWorkspaces.contacts(bea).create(ContactDraft.of("Bea", "Gil", "bea@example.org"));
        StringBuilder csv = new StringBuilder("Email;Nombre;Ciudad\n");
        for (int i = 0; i < 3000; i++) {
            csv.append("p").append(i).append("@example.es;Persona ").append(i).append(";Madrid\n");
        }
        Path file = tmp.resolve("padron.csv");
        Files.writeString(file, csv);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> imported = thread.submit(() -> new ImportService(ana, new AuditLog(ana.clock(), "ana"))
                    .importAsPlanned(file, SourceFile.Options.detect(), null, null, "first", Progress.NONE));
            var beaContacts = TestWorkspaces.contacts(bea);
            int edits = 0;
            while (!imported.isDone() || edits < 5) {
                ContactProfile now = beaContacts.profile(id).orElseThrow();
                beaContacts.update(id, now.toDraft().withAddress(null, null, "Ciudad " + edits, null), now.updatedAt());
                edits++;
            }
            imported.get(2, TimeUnit.MINUTES);
            assertThat(bea.dsl().fetchCount(CONTACT)).isEqualTo(3001);
            assertThat(TestWorkspaces.contacts(ana).profile(id).orElseThrow().city())
                    .isEqualTo("Ciudad " + (edits - 1));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aMergeWhileSomeoneExportsGivesListsThatEachMatchOneMomentOfTheWorkspace() throws Exception {
        int pairs = 100;
        int chunk = 10;
        var anaContacts = TestWorkspaces.contacts(ana);
        var consent = new org.registro.consent.ConsentService(ana, new AuditLog(ana.clock(), "ana"));
        List<long[]> twins = new java.util.ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            long first = anaContacts.create(ContactDraft.of("Ana" + i, "Ruiz", "a" + i + "@example.org"));
            long second = anaContacts.create(ContactDraft.of("Ana" + i, "Ruiz", "b" + i + "@example.org"));
            for (long id : new long[] {first, second}) {
                consent.record(new org.registro.consent.ConsentService.Change(id, "email", null,
                        org.registro.consent.Consent.GRANTED, org.registro.consent.Consent.METHOD_FORM, null,
                        java.time.Instant.now().minusSeconds(3600), null));
            }
            twins.add(new long[] {first, second});
        }
        var beaAudit = new AuditLog(bea.clock(), "bea");
        var beaExports = new org.registro.export.ExportService(bea, beaAudit,
                new org.registro.segment.SegmentService(bea, beaAudit),
                new org.registro.destination.DestinationService(bea, beaAudit));
        var merges = new org.registro.identity.MergeService(ana, new AuditLog(ana.clock(), "ana"));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> merging = thread.submit(() -> {
                for (int from = 0; from < pairs; from += chunk) {
                    merges.mergeAll(twins.subList(from, from + chunk).stream()
                            .map(t -> new org.registro.identity.MergeService.Step(t[0], t[1], null)).toList());
                }
            });
            List<List<String>> lists = new java.util.ArrayList<>();
            int n = 0;
            boolean done;
            do {
                done = merging.isDone(); // one more list once the merges are over: it must see them all
                int k = n++;
                Path out = tmp.resolve("list-" + k + ".csv");
                Path left = tmp.resolve("left-" + k + ".csv");
                beaExports.export(new org.registro.export.ExportRequest(org.registro.export.Selector.all(),
                        org.registro.consent.Purpose.COMMERCIAL, "email", null,
                        org.registro.export.ListFormat.MAILCHIMP.template()), out, left, Progress.NONE);
                lists.add(Files.readAllLines(out).stream().skip(1).toList());
                assertThat(Files.readAllLines(left)).as("nobody left out").hasSize(1);
            } while (!done);
            merging.get(2, TimeUnit.MINUTES);

            System.out.println("TeamWorkspaceTest: " + lists.size() + " lists taken while merging, merged pairs seen: "
                    + lists.stream().map(rows -> 2 * pairs - rows.size()).distinct().toList());
            for (List<String> rows : lists) {
                // a merged pair is one row (the survivor, with whichever email the merge kept), else two
                int merged = 2 * pairs - rows.size();
                assertThat(merged % chunk).as("a list sees whole bulk merges, never half of one: %s rows", rows.size())
                        .isZero();
                for (int i = 0; i < pairs; i++) {
                    String name = ",Ana" + i + ",";
                    assertThat(rows.stream().filter(r -> r.contains(name)).count()).as("Ana%s", i)
                            .isEqualTo(i < merged ? 1 : 2);
                }
            }
            assertThat(lists).as("the last list is taken after every merge").last()
                    .satisfies(rows -> assertThat(rows).hasSize(pairs));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void openingRecoversNothingWhileSomeoneElsesImportIsRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            long batch = ana.dsl().insertInto(org.registro.db.Tables.SOURCE).set(org.registro.db.Tables.SOURCE.NAME,
                            "CRM").set(org.registro.db.Tables.SOURCE.CREATED_AT, java.time.OffsetDateTime.now())
                    .returning(org.registro.db.Tables.SOURCE.ID).fetchOne().getId();
            long running = ana.dsl().insertInto(org.registro.db.Tables.IMPORT_BATCH)
                    .set(org.registro.db.Tables.IMPORT_BATCH.SOURCE_ID, batch)
                    .set(org.registro.db.Tables.IMPORT_BATCH.FILE_NAME, "padron.csv")
                    .set(org.registro.db.Tables.IMPORT_BATCH.CONTENT_HASH, "x")
                    .set(org.registro.db.Tables.IMPORT_BATCH.STATUS, ImportService.STATUS_RUNNING)
                    .set(org.registro.db.Tables.IMPORT_BATCH.STARTED_AT, java.time.OffsetDateTime.now())
                    .returning(org.registro.db.Tables.IMPORT_BATCH.ID).fetchOne().getId();
            thread.submit(() -> ana.exclusively(Phrase.of("team.busy.import", "padron.csv"), () -> {
                started.countDown();
                await(finish);
                return null;
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            try (Workspace third = Session.workspaceService(Clock.systemUTC(), "carla").open(address, null)) {
                assertThat(third.readOnly()).isFalse();
            }
            assertThat(ana.dsl().select(org.registro.db.Tables.IMPORT_BATCH.STATUS)
                    .from(org.registro.db.Tables.IMPORT_BATCH).where(org.registro.db.Tables.IMPORT_BATCH.ID.eq(running))
                    .fetchOne(org.registro.db.Tables.IMPORT_BATCH.STATUS))
                    .as("an import that is someone's, still running, is left alone").isEqualTo(ImportService.STATUS_RUNNING);

            finish.countDown();
            Thread.sleep(200);
            try (Workspace fourth = Session.workspaceService(Clock.systemUTC(), "dani").open(address, null)) {
                assertThat(fourth.dsl().select(org.registro.db.Tables.IMPORT_BATCH.STATUS)
                        .from(org.registro.db.Tables.IMPORT_BATCH)
                        .where(org.registro.db.Tables.IMPORT_BATCH.ID.eq(running))
                        .fetchOne(org.registro.db.Tables.IMPORT_BATCH.STATUS))
                        .as("with nobody at work, an unfinished import is undone on open")
                        .isNotEqualTo(ImportService.STATUS_RUNNING);
            }
        } finally {
            finish.countDown();
            thread.shutdownNow();
        }
    }

    @Test
    void whatIsNotThereOrAlreadyThereOrRefusedIsSaidPlainly() {
        TeamAddress empty = TestWorkspaces.newTeamAddress();
        WorkspaceService service = new WorkspaceService(Clock.systemUTC());
        assertThatThrownBy(() -> service.open(empty, null)).isInstanceOf(org.registro.common.RegistroException.class)
                .hasMessageContaining("no Registro workspace at " + empty);
        assertThatThrownBy(() -> service.create(address, null, new NewWorkspace("Again", "ES", null)))
                .hasMessageContaining("already a Registro workspace at " + address);
        assertThatThrownBy(() -> service.open(address, "wrong password".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining("refused");
        TeamAddress noDatabase = new TeamAddress(address.user(), address.host(), address.port(), "no_such_db", "public");
        assertThatThrownBy(() -> service.open(noDatabase, null)).hasMessageContaining("no database called no_such_db");
    }

    @Test
    void eachRoleMayDoItsWorkAndTheServerRefusesTheRest() {
        TeamRoles.init(ana);
        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String viewerName = "viewer_" + suffix;
        String editorName = "editor_" + suffix;
        TeamRoles.grant(ana, viewerName, TeamRoles.Role.VIEWER, "viewer pw".toCharArray());
        TeamRoles.grant(ana, editorName, TeamRoles.Role.EDITOR, "editor pw".toCharArray());
        assertThat(TeamRoles.members(ana)).contains(new TeamRoles.Member(viewerName, TeamRoles.Role.VIEWER),
                new TeamRoles.Member(editorName, TeamRoles.Role.EDITOR));
        assertThat(ana.role()).as("the schema's owner").isEqualTo(TeamRoles.Role.ADMINISTRATOR);
        long ruiz = TestWorkspaces.contacts(ana).create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        long gil = TestWorkspaces.contacts(ana).create(ContactDraft.of("Bea", "Gil", "bea@example.org"));

        TeamAddress asViewer = new TeamAddress(viewerName, address.host(), address.port(), address.database(),
                address.schema());
        try (Workspace viewer = Session.workspaceService(Clock.systemUTC(), "v").open(asViewer, "viewer pw".toCharArray())) {
            assertThat(viewer.role()).isEqualTo(TeamRoles.Role.VIEWER);
            var contacts = TestWorkspaces.contacts(viewer);
            assertThat(contacts.count()).isEqualTo(2);
            assertThatThrownBy(() -> contacts.create(ContactDraft.of("No", "Way", "no@example.org")))
                    .hasMessageContaining("permission denied")
                    .satisfies(e -> assertThat(org.registro.common.RegistroException.explain(e).getMessage())
                            .startsWith("Your role in this team workspace does not allow this"));
        }

        TeamAddress asEditor = new TeamAddress(editorName, address.host(), address.port(), address.database(),
                address.schema());
        try (Workspace editor = Session.workspaceService(Clock.systemUTC(), "e").open(asEditor, "editor pw".toCharArray())) {
            assertThat(editor.role()).isEqualTo(TeamRoles.Role.EDITOR);
            TestWorkspaces.contacts(editor).create(ContactDraft.of("Carla", "Sanz", "carla@example.org"));
            var privacy = new org.registro.consent.PrivacyService(editor, new AuditLog(editor.clock(), "e"));
            privacy.restrict(gil, true, "asked by phone");
            assertThatThrownBy(() -> privacy.erase(ruiz, "asked by email")).as("erasure is an administrator's")
                    .hasMessageContaining("row-level security")
                    .satisfies(e -> assertThat(org.registro.common.RegistroException.explain(e)).isNotNull());
            assertThat(privacy.mayErase()).as("and the app closes it").isFalse();
            assertThatThrownBy(() -> Workspace.putSetting(editor.dsl(), Workspace.SETTING_DEFAULT_REGION, "DK"))
                    .hasMessageContaining("row-level security");
            assertThat(TestWorkspaces.contacts(editor).profile(ruiz)).map(ContactProfile::status).contains("active");
        }
        new org.registro.consent.PrivacyService(ana, new AuditLog(ana.clock(), "ana")).erase(ruiz, "asked by email");
        assertThat(ana.dsl().fetchCount(CONTACT, CONTACT.STATUS.eq("erased"))).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBackupIsRestoredOnTheServerForEveryoneAndRestoringTheOneBeforeUndoesIt() throws Exception {
        Assumptions.assumeTrue(TeamBackups.pgDump().isPresent(), "needs PostgreSQL's client tools");
        var contacts = TestWorkspaces.contacts(ana);
        long kept = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        TeamRoles.init(ana);
        Path dump = ana.backup(Backups.MANUAL);
        long later = contacts.create(ContactDraft.of("Luis", "Gil", "luis@example.org"));
        List<Changes.Batch> heardByBea = new CopyOnWriteArrayList<>();
        bea.changes().listen(heardByBea::add);

        Path before = Session.workspaceService(Clock.systemUTC(), "ana").restore(address, null, dump);

        assertThat(before.getFileName().toString()).contains(Backups.BEFORE_RESTORE).endsWith(".dump");
        assertThat(TestWorkspaces.contacts(bea).profile(later)).as("bea, still open, reads the workspace restored")
                .isEmpty();
        assertThat(TestWorkspaces.contacts(bea).profile(kept)).isPresent();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (heardByBea.stream().noneMatch(b -> b.catalogue().contains("registro_restore"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(heardByBea).as("and hears that everyone, gone or back, changed").anySatisfy(b -> {
            assertThat(b.others()).isTrue();
            assertThat(b.contacts().contains(kept) && b.contacts().contains(later)).isTrue();
        });
        assertThat(ana.dsl().resultQuery("SELECT count(*) FROM pg_policies WHERE schemaname = current_schema()")
                .fetchOne(0, Integer.class)).as("the row policies are made again").isPositive();
        assertThat(TeamRoles.made(bea)).isTrue();
        var check = new org.registro.safety.WorkspaceCheck(bea).run(Progress.NONE);
        assertThat(check.findings()).as("the integrity check reads the restored workspace and finds it whole")
                .allSatisfy(f -> assertThat(f.severity()).isNotEqualTo(org.registro.safety.WorkspaceCheck.Severity.ERROR));
        assertThat(check.rowsRead()).isPositive();

        Session.workspaceService(Clock.systemUTC(), "ana").restore(address, null, before);
        assertThat(TestWorkspaces.contacts(bea).profile(later)).as("restoring the one before undoes it").isPresent();
    }

    @Test
    void aBackupOfAnotherWorkspaceIsRefusedAndNothingChanges() {
        Assumptions.assumeTrue(TeamBackups.pgDump().isPresent(), "needs PostgreSQL's client tools");
        TestWorkspaces.contacts(ana).create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        TeamAddress elsewhere = TestWorkspaces.newTeamAddress();
        Path dump;
        try (Workspace other = Session.workspaceService(Clock.systemUTC(), "ana").create(elsewhere, null,
                new NewWorkspace("Otra", "ES", null))) {
            dump = other.backup(Backups.MANUAL);
        }
        assertThatThrownBy(() -> Session.workspaceService(Clock.systemUTC(), "ana").restore(address, null, dump))
                .isInstanceOfSatisfying(org.registro.common.RegistroException.class,
                        e -> assertThat(e.key()).isEqualTo("error.team.restoreOtherSchema"));
        assertThat(bea.dsl().fetchCount(CONTACT)).isEqualTo(1);
        assertThatThrownBy(() -> Session.workspaceService(Clock.systemUTC(), "ana").restore(address, null,
                tmp.resolve("registro-x.zip")))
                .isInstanceOfSatisfying(org.registro.common.RegistroException.class,
                        e -> assertThat(e.key()).isEqualTo("error.team.restoreZip"));
    }
}
