package org.registro.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.registro.db.Tables.IDENTIFIER;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.Progress;
import org.registro.consent.Consent;
import org.registro.consent.ConsentService;
import org.registro.consent.PrivacyService;
import org.registro.consent.Purpose;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.export.ExportRequest;
import org.registro.export.ExportService;
import org.registro.export.ListFormat;
import org.registro.export.Selector;
import org.registro.segment.SegmentService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * Random histories of lists sent, withdrawals, bounces, complaints, erasures, restrictions, re-subscriptions and
 * tools' own unsubscribes, checked against a model of what each tool knows, kept only from the files it was
 * given: no change recorded before a changes file is missing from it, none is told twice, and nobody who may
 * still be emailed is stopped. Seeds are printed; {@code -Dregistro.propagation.seed=N} replays one.
 */
class PropagationModelTest {

    @TempDir
    Path tmp;

    private static final int WORLDS = 8;
    private static final int STEPS = 40;

    /** What the test knows about a person, independently of Registro. */
    private static final class Person {
        long id;
        String email;
        boolean granted = true;
        boolean erased;
        boolean bounced;
        boolean restricted;

        boolean reachable() {
            return granted && !erased && !bounced && !restricted;
        }
    }

    @Test
    void everyChangeRecordedBeforeASyncIsInItAndNothingElse() throws Exception {
        long first = Long.getLong("registro.propagation.seed", System.nanoTime() % 100_000);
        for (int w = 0; w < WORLDS; w++) {
            long seed = first + w;
            System.out.println("PropagationModelTest seed " + seed);
            world(seed);
        }
    }

    private void world(long seed) throws Exception {
        Random random = new Random(seed);
        TestClock clock = TestClock.at("2026-06-01T09:00:00Z");
        try (Workspace workspace = TestWorkspaces.create(tmp.resolve("w" + seed), clock)) {
            AuditLog audit = new AuditLog(clock, "model");
            ContactService contacts = TestWorkspaces.contacts(workspace);
            ConsentService consent = new ConsentService(workspace, audit);
            PrivacyService privacy = new PrivacyService(workspace, audit);
            DestinationService destinations = new DestinationService(workspace, audit);
            ExportService exports = new ExportService(workspace, audit, new SegmentService(workspace, audit),
                    destinations);
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Person p = new Person();
                p.email = "p" + i + "@example.org";
                p.id = contacts.create(ContactDraft.of("P" + i, "Model", p.email));
                consent.record(new ConsentService.Change(p.id, "email", null, Consent.GRANTED, Consent.METHOD_FORM,
                        null, clock.instant(), null));
                people.add(p);
            }
            List<Destination> tools = List.of(destinations.add("Mailchimp", Tool.MAILCHIMP, null),
                    destinations.add("Brevo", Tool.BREVO, null), destinations.add("listmonk", Tool.LISTMONK, null));
            Map<Long, Map<String, String>> knows = new HashMap<>();
            tools.forEach(t -> knows.put(t.id(), new HashMap<>()));

            for (int step = 0; step < STEPS; step++) {
                clock.advance(Duration.ofHours(1 + random.nextInt(48)));
                Person p = people.get(random.nextInt(people.size()));
                Destination d = tools.get(random.nextInt(tools.size()));
                String what = "seed " + seed + " step " + step;
                switch (random.nextInt(9)) {
                    case 0, 1 -> { // a list sent to the tool: the reachable people
                        exports.export(new ExportRequest(Selector.all(), Purpose.COMMERCIAL, "email", null,
                                format(d.tool()).template()).to(d.id()), tmp.resolve("l" + seed + "-" + step + ".csv"),
                                null, Progress.NONE);
                        for (Person q : people) {
                            if (q.reachable()) {
                                knows.get(d.id()).put(q.email, Told.SUBSCRIBED);
                            }
                        }
                    }
                    case 2 -> { // a withdrawal from a form, an unsubscribe link or a complaint
                        if (!p.erased) {
                            String method = List.of(Consent.METHOD_FORM, Consent.METHOD_UNSUBSCRIBE,
                                    Consent.METHOD_COMPLAINT).get(random.nextInt(3));
                            consent.record(new ConsentService.Change(p.id, "email", null, Consent.WITHDRAWN, method,
                                    null, clock.instant(), null));
                            p.granted = false;
                        }
                    }
                    case 3 -> { // subscribes again
                        if (!p.erased) {
                            consent.record(new ConsentService.Change(p.id, "email", null, Consent.GRANTED,
                                    Consent.METHOD_FORM, null, clock.instant(), null));
                            p.granted = true;
                        }
                    }
                    case 4 -> {
                        if (!p.erased && random.nextInt(3) == 0) {
                            workspace.dsl().update(IDENTIFIER).set(IDENTIFIER.BOUNCED_AT, OffsetDateTime.now(clock))
                                    .where(IDENTIFIER.CONTACT_ID.eq(p.id)).execute();
                            p.bounced = true;
                        }
                    }
                    case 5 -> {
                        if (!p.erased && random.nextInt(3) == 0) {
                            privacy.erase(p.id, null);
                            p.erased = true;
                        }
                    }
                    case 6 -> {
                        if (!p.erased) {
                            boolean restrict = !p.restricted;
                            privacy.restrict(p.id, restrict, null);
                            p.restricted = restrict;
                        }
                    }
                    case 7 -> { // the tool's own export says the person unsubscribed there (and Registro learns it)
                        if (!p.erased && knows.get(d.id()).containsKey(p.email)) {
                            consent.record(new ConsentService.Change(p.id, "email", null, Consent.WITHDRAWN,
                                    Consent.METHOD_UNSUBSCRIBE, null, clock.instant(), null));
                            workspace.dsl().transaction(c -> destinations.recordSeen(c.dsl(), d.id(), null,
                                    List.of(new DestinationService.Seen(p.id, p.email, Told.UNSUBSCRIBED))));
                            p.granted = false;
                            knows.get(d.id()).put(p.email, Told.UNSUBSCRIBED);
                        }
                    }
                    default -> sync(destinations, d, knows.get(d.id()), people, tmp.resolve(
                            "s" + seed + "-" + step + ".zip"), what);
                }
            }
            for (Destination d : tools) {
                sync(destinations, d, knows.get(d.id()), people, tmp.resolve("final" + seed + d.id() + ".zip"),
                        "seed " + seed + " final " + d.name());
            }
        }
    }

    /** Syncs one tool and checks the files against the model, then teaches the model what the files said. */
    private static void sync(DestinationService destinations, Destination d, Map<String, String> knows,
                             List<Person> people, Path out, String what) throws Exception {
        Map<String, String> files;
        if (destinations.pending(d.id()).isEmpty()) {
            files = Map.of(); // nothing to write: the checks below say whether nothing was owed
        } else {
            destinations.sync(d.id(), out, Progress.NONE);
            files = ZipEntries.read(out);
        }
        Set<String> stopped = new HashSet<>();
        Set<String> started = new HashSet<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().equals(ChangeFiles.HOW_TO)) {
                continue;
            }
            boolean subscribes = f.getKey().startsWith("subscribe") || f.getKey().startsWith("addnoforce");
            String[] lines = f.getValue().split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String email = lines[i].split("[,;]")[0];
                (subscribes ? started : stopped).add(email);
            }
        }
        for (Person p : people) {
            String status = knows.get(p.email);
            boolean toolSends = status != null && Told.sends(status);
            if (toolSends && !p.reachable()) {
                assertThat(stopped).as("%s: %s (%s) must be stopped", what, p.email, d.name()).contains(p.email);
            }
            if (p.reachable() && !p.erased) {
                assertThat(stopped).as("%s: %s may still be emailed", what, p.email).doesNotContain(p.email);
            }
            if (Told.DELETED.equals(status) || !toolSends && !p.erased) {
                assertThat(stopped).as("%s: %s was never sent or already stopped", what, p.email)
                        .doesNotContain(p.email);
            }
        }
        assertThat(started).as(what).isEmpty(); // nobody here waits for a confirmation or changes address
        for (Person p : people) {
            if (stopped.contains(p.email)) {
                knows.put(p.email, p.erased ? Told.DELETED : Told.UNSUBSCRIBED);
            }
        }
        assertThat(destinations.pending(d.id()).changes()).as("%s: nothing left after the sync", what).isEmpty();
    }

    private static ListFormat format(Tool tool) {
        return switch (tool) {
            case MAILCHIMP -> ListFormat.MAILCHIMP;
            case BREVO -> ListFormat.BREVO;
            case MAILJET -> ListFormat.MAILJET;
            case LISTMONK -> ListFormat.LISTMONK;
        };
    }
}
