package org.registro.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactService;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

class ConsentServiceTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    private Workspace workspace;
    private ConsentService consent;
    private ContactService contacts;

    @BeforeEach
    void open() {
        workspace = TestWorkspaces.create(tmp, clock);
        consent = new ConsentService(workspace, new AuditLog(clock, "tester"));
        contacts = TestWorkspaces.contacts(workspace);
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    /** The reference: fold the events in time order, the latest per channel and topic wins. */
    private record Recorded(String channel, String topic, String status, Instant at, int order) {
    }

    private static Map<String, String> fold(List<Recorded> events, Instant asOf) {
        Map<String, String> state = new LinkedHashMap<>();
        events.stream().filter(e -> !e.at().isAfter(asOf))
                .sorted(java.util.Comparator.comparing(Recorded::at).thenComparingInt(Recorded::order))
                .forEach(e -> state.put(e.channel() + "|" + (e.topic() == null ? "" : e.topic()), e.status()));
        return state;
    }

    private Map<String, String> read(List<ConsentService.State> states) {
        Map<String, String> map = new LinkedHashMap<>();
        states.forEach(s -> map.put(s.channel() + "|" + (s.topic() == null ? "" : s.topic()), s.status()));
        return map;
    }

    @Test
    void manyRandomLedgersAgreeWithAReferenceFoldNowAndAsOfAnyDate() {
        Random random = new Random(42);
        List<String> channels = List.of("email", "sms", "post");
        List<String> topics = new ArrayList<>(java.util.Arrays.asList(null, "newsletter", "events", "fundraising"));
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        for (int person = 0; person < 40; person++) {
            long id = contacts.create(ContactDraft.of("P" + person, "Ledger", "p" + person + "@example.org"));
            List<Recorded> recorded = new ArrayList<>();
            int events = 1 + random.nextInt(25);
            for (int i = 0; i < events; i++) {
                String channel = channels.get(random.nextInt(channels.size()));
                String topic = topics.get(random.nextInt(topics.size()));
                String status = Consent.STATUSES.get(random.nextInt(Consent.STATUSES.size()));
                // Events arrive out of order: a later import can report an earlier opt-in.
                Instant at = start.plus(Duration.ofHours(random.nextInt(24 * 365 * 3)));
                consent.record(new ConsentService.Change(id, channel, topic, status, Consent.METHOD_IMPORT, null, at,
                        null));
                recorded.add(new Recorded(channel, topic, status, at, i));
            }
            assertThat(read(consent.current(id))).as("current state of person %d", person)
                    .isEqualTo(fold(recorded, Instant.MAX));
            for (int probe = 0; probe < 10; probe++) {
                Instant asOf = start.plus(Duration.ofHours(random.nextInt(24 * 365 * 3)));
                assertThat(read(consent.asOf(id, asOf))).as("person %d as of %s", person, asOf)
                        .isEqualTo(fold(recorded, asOf));
            }
            assertThat(consent.history(id)).hasSize(events);
        }
    }

    @Test
    void aTopicCountsOnlyWithItsChannelOptIn() {
        long id = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        Instant jan = Instant.parse("2025-01-10T10:00:00Z");
        Instant mar = Instant.parse("2025-03-01T10:00:00Z");
        consent.record(new ConsentService.Change(id, "email", "events", Consent.GRANTED, null, null, jan, null));
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", "events", mar).allowed()).isFalse();
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", "events", mar).reasonKey()).isEqualTo("consent.decision.noChannel");

        consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                Instant.parse("2025-02-01T10:00:00Z"), "Web form v3"));
        ConsentService.Decision yes = consent.decide(id, Purpose.COMMERCIAL, "email", "events", mar);
        assertThat(yes.allowed()).isTrue();
        assertThat(yes.channel().method()).isEqualTo("form");
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", "fundraising", mar).reasonKey())
                .isEqualTo("consent.decision.noTopic");
        // On 2025-01-15 there was no channel opt-in yet
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", "events", Instant.parse("2025-01-15T00:00:00Z")).allowed()).isFalse();

        consent.record(new ConsentService.Change(id, "email", null, Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE,
                null, Instant.parse("2025-04-01T10:00:00Z"), null));
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", "events", mar).allowed()).as("still yes on 1 March").isTrue();
        assertThat(consent.decide(id, Purpose.COMMERCIAL, "email", null, Instant.parse("2025-05-01T00:00:00Z")).reasonKey())
                .isEqualTo("consent.decision.channel.withdrawn");
    }

    @Test
    void unknownChannelsTopicsStatusesAndFutureTimesAreRefused() {
        long id = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
        assertThatThrownBy(() -> consent.record(new ConsentService.Change(id, "fax", null, Consent.GRANTED, null, null,
                null, null))).isInstanceOf(RegistroException.class).hasMessageContaining("fax").hasMessageContaining("email");
        assertThatThrownBy(() -> consent.record(new ConsentService.Change(id, "email", "cats", Consent.GRANTED, null,
                null, null, null))).isInstanceOf(RegistroException.class).hasMessageContaining("cats");
        assertThatThrownBy(() -> consent.record(new ConsentService.Change(id, "email", null, "maybe", null, null, null,
                null))).isInstanceOf(RegistroException.class).hasMessageContaining("maybe");
        assertThatThrownBy(() -> consent.record(new ConsentService.Change(id, "email", null, Consent.GRANTED, null, null,
                Instant.parse("2027-01-01T00:00:00Z"), null))).isInstanceOf(RegistroException.class)
                .hasMessageContaining("future");
        assertThat(consent.history(id)).isEmpty();
    }

    @Test
    void theSqlConditionsForSegmentsAndExportsSayWhatTheDecisionSaysForEveryContact() {
        Random random = new Random(7);
        List<String> channels = List.of("email", "sms");
        List<String> topics = java.util.Arrays.asList(null, "newsletter", "events");
        PrivacyService privacy = new PrivacyService(workspace, new AuditLog(clock, "tester"));
        List<Long> ids = new ArrayList<>();
        for (int person = 0; person < 60; person++) {
            long id = contacts.create(ContactDraft.of("P" + person, "Sql", "sql" + person + "@example.org"));
            ids.add(id);
            for (int i = random.nextInt(8); i > 0; i--) {
                consent.record(new ConsentService.Change(id, channels.get(random.nextInt(2)),
                        topics.get(random.nextInt(3)), Consent.STATUSES.get(random.nextInt(4)), Consent.METHOD_IMPORT,
                        null, clock.instant().minus(Duration.ofHours(1 + random.nextInt(5000))), null));
            }
            if (person % 9 == 4) {
                privacy.restrict(id, true, null);
            } else if (person % 13 == 5) {
                privacy.erase(id, null);
            }
        }
        for (Purpose purpose : Purpose.values()) {
            for (String channel : channels) {
                for (String topic : topics) {
                    java.util.Set<Long> bySql = new java.util.HashSet<>(workspace.dsl()
                            .select(org.registro.db.Tables.CONTACT.ID).from(org.registro.db.Tables.CONTACT)
                            .where(ConsentConditions.mayReceive(purpose, channel, topic))
                            .fetch(org.registro.db.Tables.CONTACT.ID));
                    for (long id : ids) {
                        assertThat(bySql.contains(id)).as("%s %s/%s for contact %d", purpose, channel, topic, id)
                                .isEqualTo(consent.decide(id, purpose, channel, topic, clock.instant()).allowed());
                    }
                }
            }
        }
    }

    @Test
    void aMergeKeepsAWithdrawalMadeOnEitherRecordAndCanBeUndone() {
        long survivor = contacts.create(ContactDraft.of("Masha", "Kelley", "masha@example.org"));
        long merged = contacts.create(ContactDraft.of("M.", "Kelley", "mkelley@example.org"));
        consent.record(new ConsentService.Change(survivor, "email", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                Instant.parse("2025-01-10T10:00:00Z"), null));
        consent.record(new ConsentService.Change(survivor, "sms", null, Consent.GRANTED, Consent.METHOD_FORM, null,
                Instant.parse("2025-01-10T10:00:00Z"), null));
        consent.record(new ConsentService.Change(merged, "email", null, Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE,
                null, Instant.parse("2025-06-01T10:00:00Z"), null));
        consent.record(new ConsentService.Change(merged, "sms", null, Consent.WITHDRAWN, Consent.METHOD_UNSUBSCRIBE,
                null, Instant.parse("2024-06-01T10:00:00Z"), null));
        int ledger = consent.history(survivor).size() + consent.history(merged).size();

        List<Long> moved = workspace.dsl().transactionResult(cfg ->
                ConsentLedger.unite(cfg.dsl(), survivor, merged));

        assertThat(read(consent.current(survivor))).containsEntry("email|", Consent.WITHDRAWN)
                .as("an older withdrawal does not undo a later opt-in").containsEntry("sms|", Consent.GRANTED);
        assertThat(consent.history(survivor)).hasSize(ledger);
        assertThat(consent.current(merged)).isEmpty();

        workspace.dsl().transaction(cfg -> ConsentLedger.separate(cfg.dsl(), survivor, merged, moved));
        assertThat(read(consent.current(survivor))).containsEntry("email|", Consent.GRANTED);
        assertThat(read(consent.current(merged))).containsEntry("email|", Consent.WITHDRAWN);
    }
}
