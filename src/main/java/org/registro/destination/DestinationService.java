package org.registro.destination;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.DESTINATION;
import static org.registro.db.Tables.DESTINATION_SYNC;
import static org.registro.db.Tables.DESTINATION_TOLD;
import static org.registro.db.Tables.TOPIC;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.registro.common.Phrase;
import org.registro.common.Json;
import org.registro.common.PartFiles;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.workspace.AuditLog;
import org.registro.workspace.Workspace;

/**
 * The email tools the organization sends from, and what each has heard. A destination learns who it holds and
 * their status from the lists exported to it ({@link #recordSent}) and from its own exports imported into
 * Registro ({@link #recordSeen}); {@link #pending} is what it has not heard since (withdrawals, bounces,
 * complaints, erasures, restrictions, confirmed double opt-ins, corrected addresses), and {@link #sync} writes
 * those changes in the tool's import format and records that the tool was told, so that "when did Brevo learn
 * that this person withdrew?" has an answer. Only changes are recorded: a list that repeats what a tool knows
 * adds nothing.
 */
public final class DestinationService {

    /** After how many days a change nobody sent counts as late: a setting. */
    public static final String SETTING_LATE_DAYS = "destination_late_days";
    static final int DEFAULT_LATE_DAYS = 7;
    private static final int CHUNK = 1_000;

    private final Workspace workspace;
    private final AuditLog audit;

    public DestinationService(Workspace workspace, AuditLog audit) {
        this.workspace = workspace;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ destinations

    /** Adds a destination; its name is how lists, imports and the CLI refer to it. */
    public Destination add(String name, Tool tool, String topic) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new RegistroException("error.destination.name");
        }
        if (find(clean).isPresent()) {
            throw new RegistroException("error.destination.exists", clean);
        }
        if (topic != null && workspace.dsl().fetchCount(TOPIC, TOPIC.CODE.eq(topic)) == 0) {
            throw new RegistroException("error.destination.topic", topic);
        }
        OffsetDateTime now = now();
        return workspace.dsl().transactionResult(c -> {
            DSLContext tx = c.dsl();
            long id = tx.insertInto(DESTINATION).set(DESTINATION.NAME, clean).set(DESTINATION.TOOL, tool.code())
                    .set(DESTINATION.TOPIC, topic).set(DESTINATION.CREATED_AT, now)
                    .returningResult(DESTINATION.ID).fetchOne().value1();
            audit.record(tx, "destination.add", "destination", id, Phrase.of(topic == null
                    ? "audit.destination.add" : "audit.destination.add.topic", clean, tool.label(),
                    topic == null ? "" : Phrase.code("topic.", topic)), null);
            return new Destination(id, clean, tool, topic, now.toInstant());
        });
    }

    /** The destinations still in use, by name. */
    public List<Destination> list() {
        return workspace.dsl().selectFrom(DESTINATION).where(DESTINATION.ARCHIVED_AT.isNull())
                .orderBy(DESTINATION.NAME).fetch(DestinationService::destination);
    }

    /** A destination by its name (any case) or its number. */
    public Optional<Destination> find(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        String key = nameOrId.strip();
        var byName = workspace.dsl().selectFrom(DESTINATION)
                .where(org.jooq.impl.DSL.lower(DESTINATION.NAME).eq(key.toLowerCase(java.util.Locale.ROOT)))
                .fetchOptional(DestinationService::destination);
        if (byName.isPresent() || !key.chars().allMatch(Character::isDigit)) {
            return byName;
        }
        return byId(Long.parseLong(key));
    }

    public Optional<Destination> byId(long id) {
        return workspace.dsl().selectFrom(DESTINATION).where(DESTINATION.ID.eq(id))
                .fetchOptional(DestinationService::destination);
    }

    private Destination require(long id) {
        return byId(id).orElseThrow(() -> new RegistroException("error.destination.unknown", String.valueOf(id)));
    }

    private static Destination destination(Record r) {
        return new Destination(r.get(DESTINATION.ID), r.get(DESTINATION.NAME),
                Tool.byCode(r.get(DESTINATION.TOOL)).orElseThrow(), r.get(DESTINATION.TOPIC),
                r.get(DESTINATION.CREATED_AT).toInstant());
    }

    // ------------------------------------------------------------------ what a destination heard

    /** An address a list or an import showed a destination holding, with the status it has there. */
    public record Seen(long contactId, String email, String status) {
    }

    /**
     * Records, in the caller's transaction, that a list written for {@code destinationId} (export run
     * {@code exportId}) told it these addresses; only what the tool did not know already is written.
     */
    public void recordSent(DSLContext tx, long destinationId, long exportId, Collection<Seen> sent) {
        record(tx, destinationId, sent, Told.VIA_EXPORT, exportId);
    }

    /** Records, in the caller's transaction, what an export of the tool imported as batch {@code batchId} said. */
    public void recordSeen(DSLContext tx, long destinationId, Long batchId, Collection<Seen> seen) {
        record(tx, destinationId, seen, Told.VIA_IMPORT, batchId);
    }

    private void record(DSLContext tx, long destinationId, Collection<Seen> seen, String via, Long reference) {
        if (seen.isEmpty()) {
            return;
        }
        Map<String, PendingChanges.Known> known = PendingChanges.known(tx, destinationId,
                seen.stream().map(Seen::email).filter(java.util.Objects::nonNull).toList());
        OffsetDateTime now = now();
        var insert = tx.batch(tx.insertInto(DESTINATION_TOLD, DESTINATION_TOLD.DESTINATION_ID, DESTINATION_TOLD.EMAIL,
                DESTINATION_TOLD.CONTACT_ID, DESTINATION_TOLD.STATUS, DESTINATION_TOLD.TOLD_AT,
                DESTINATION_TOLD.EXPORT_ID, DESTINATION_TOLD.BATCH_ID).values((Long) null, null, null, null, null,
                null, null));
        Set<String> done = new HashSet<>();
        int rows = 0;
        for (Seen s : seen) {
            if (s.email() == null || !done.add(s.email())) {
                continue;
            }
            PendingChanges.Known k = known.get(s.email());
            if (k != null && k.status().equals(s.status()) && k.contactId() == s.contactId()) {
                continue;
            }
            insert.bind(destinationId, s.email(), s.contactId(), s.status(), now,
                    Told.VIA_EXPORT.equals(via) ? reference : null, Told.VIA_IMPORT.equals(via) ? reference : null);
            rows++;
        }
        if (rows > 0) {
            insert.execute();
        }
    }

    // ------------------------------------------------------------------ what it has not heard

    /**
     * The changes one destination has not heard, with their count per reason, the oldest, and whether that one
     * has waited longer than the workspace's setting allows.
     */
    public record Pending(Destination destination, List<Change> changes, boolean late) {
        public Map<Reason, Integer> counts() {
            Map<Reason, Integer> counts = new EnumMap<>(Reason.class);
            changes.forEach(c -> counts.merge(c.reason(), 1, Integer::sum));
            return counts;
        }

        /** When the longest-waiting change happened (null when nothing waits). */
        public Instant oldest() {
            return oldest(changes);
        }

        public boolean isEmpty() {
            return changes.isEmpty();
        }

        private static Instant oldest(List<Change> changes) {
            return changes.stream().map(Change::since).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                    .orElse(null);
        }
    }

    public Pending pending(long destinationId) {
        return pending(require(destinationId), lateDays());
    }

    /** Every destination with what it has not heard (those with nothing pending too). */
    public List<Pending> pendingAll() {
        int lateDays = lateDays();
        List<Pending> all = new ArrayList<>();
        for (Destination d : list()) {
            all.add(pending(d, lateDays));
        }
        return all;
    }

    private Pending pending(Destination d, int lateDays) {
        List<Change> changes = new PendingChanges(workspace.dsl(), d).changes();
        Instant oldest = Pending.oldest(changes);
        boolean late = oldest != null && Duration.between(oldest, now().toInstant()).toDays() >= lateDays;
        return new Pending(d, changes, late);
    }

    public int lateDays() {
        return workspace.setting(SETTING_LATE_DAYS).map(Integer::parseInt).orElse(DEFAULT_LATE_DAYS);
    }

    public void setLateDays(int days) {
        if (days < 1 || days > 365) {
            throw new RegistroException("error.destination.lateDays", days);
        }
        workspace.dsl().transaction(c -> {
            Workspace.putSetting(c.dsl(), SETTING_LATE_DAYS, Integer.toString(days));
            audit.record(c.dsl(), "destination.lateDays", "workspace", null,
                    Phrase.of("audit.destination.lateDays", days), null);
        });
    }

    // ------------------------------------------------------------------ telling it

    /** What a sync wrote: the file, its hash, the changes per reason and per file of the ZIP. */
    public record SyncResult(long syncId, Path file, String sha256, int changes, Map<Reason, Integer> reasons,
                             Map<String, Integer> files) {
    }

    /**
     * Writes the changes {@code destinationId} has not heard to {@code out} (a ZIP: one CSV per kind of import
     * and how to import each) and records that the tool was told each of them. Nothing is recorded and no file
     * is left when it fails, or when the tool has heard everything; an erased person's address, once the tool is
     * told to delete it, is kept only as a hash.
     */
    public SyncResult sync(long destinationId, Path out, Progress progress) {
        Destination d = require(destinationId);
        progress.update(0, -1, org.registro.common.Messages.get("destination.progress.reading"));
        List<Change> changes = new PendingChanges(workspace.dsl(), d).changes();
        progress.checkCancelled();
        if (changes.isEmpty()) {
            throw new RegistroException("error.destination.nothing", d.name());
        }
        Path part = PartFiles.partOf(out);
        Map<String, Integer> files;
        String sha256;
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                files = ChangeFiles.write(d, changes, file);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            PartFiles.deleteQuietly(part);
            throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<Reason, Integer> reasons = new Pending(d, changes, false).counts();
        OffsetDateTime now = now();
        try {
            long syncId = workspace.dsl().transactionResult(c -> {
                DSLContext tx = c.dsl();
                long id = tx.insertInto(DESTINATION_SYNC).set(DESTINATION_SYNC.DESTINATION_ID, d.id())
                        .set(DESTINATION_SYNC.FILE_NAME, out.getFileName().toString())
                        .set(DESTINATION_SYNC.FILE_HASH, sha256).set(DESTINATION_SYNC.CHANGE_COUNT, changes.size())
                        .set(DESTINATION_SYNC.COUNTS_JSON, Json.write(reasons))
                        .set(DESTINATION_SYNC.CREATED_BY, audit.actor()).set(DESTINATION_SYNC.CREATED_AT, now)
                        .returningResult(DESTINATION_SYNC.ID).fetchOne().value1();
                var insert = tx.batch(tx.insertInto(DESTINATION_TOLD, DESTINATION_TOLD.DESTINATION_ID,
                        DESTINATION_TOLD.EMAIL, DESTINATION_TOLD.CONTACT_ID, DESTINATION_TOLD.STATUS,
                        DESTINATION_TOLD.REASON, DESTINATION_TOLD.SINCE, DESTINATION_TOLD.TOLD_AT,
                        DESTINATION_TOLD.SYNC_ID).values((Long) null, null, null, null, null, null, null, null));
                for (Change change : changes) {
                    insert.bind(d.id(), change.email(), change.contactId(), change.status(), change.reason().code(),
                            change.since() == null ? null : change.since().atOffset(ZoneOffset.UTC), now, id);
                }
                if (!changes.isEmpty()) {
                    insert.execute();
                }
                forgetErased(tx, d.id(), changes);
                audit.record(tx, "destination.sync", "destination", d.id(), Phrase.of("audit.destination.sync",
                        d.name(), out.getFileName().toString(), describe(reasons)), Map.of("sync", id, "sha256", sha256,
                        "reasons", reasons));
                PartFiles.move(part, out); // last: a file that cannot be put in place undoes the record
                return id;
            });
            return new SyncResult(syncId, out, sha256, changes.size(), reasons, files);
        } catch (RuntimeException e) {
            PartFiles.deleteQuietly(part);
            throw e;
        }
    }

    /** "2 withdrawals, 1 bounce" (the audit log is written in English). */
    static Phrase describe(Map<Reason, Integer> reasons) {
        List<Phrase> parts = new ArrayList<>();
        reasons.forEach((reason, n) -> parts.add(reason.count(n)));
        return Phrase.list(parts);
    }

    /**
     * Once a tool is told to delete an erased person's address, the address is no longer needed for it: in the
     * rows about that destination it becomes a hash, which still groups them and says the tool was told.
     */
    private static void forgetErased(DSLContext tx, long destinationId, List<Change> changes) {
        for (Change c : changes) {
            if (c.reason() == Reason.ERASURE) {
                tx.update(DESTINATION_TOLD).set(DESTINATION_TOLD.EMAIL, erasedKey(c.email()))
                        .where(DESTINATION_TOLD.DESTINATION_ID.eq(destinationId)
                                .and(DESTINATION_TOLD.EMAIL.eq(c.email()))).execute();
            }
        }
    }

    /** What stands for an erased person's address once every tool that held it was told. */
    static String erasedKey(String email) {
        return "erased:" + DigestUtils.sha256Hex(email);
    }

    // ------------------------------------------------------------------ proof

    /** Everything each destination was told about one person, oldest first. */
    public List<Told> history(long contactId) {
        var t = DESTINATION_TOLD;
        return workspace.dsl().select(t.DESTINATION_ID, DESTINATION.NAME, t.CONTACT_ID, t.EMAIL, t.STATUS, t.REASON,
                        t.SINCE, t.TOLD_AT, t.EXPORT_ID, t.BATCH_ID, t.SYNC_ID)
                .from(t).join(DESTINATION).on(DESTINATION.ID.eq(t.DESTINATION_ID))
                .where(t.CONTACT_ID.in(org.jooq.impl.DSL.select(CONTACT.ID).from(CONTACT)
                        .where(CONTACT.ID.eq(contactId).or(CONTACT.MERGED_INTO_ID.eq(contactId)))))
                .orderBy(t.TOLD_AT, t.ID)
                .fetch(r -> new Told(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6() == null ? null : Reason.byCode(r.value6()),
                        r.value7() == null ? null : r.value7().toInstant(), r.value8().toInstant(),
                        r.value9() != null ? Told.VIA_EXPORT : r.value10() != null ? Told.VIA_IMPORT : Told.VIA_SYNC,
                        r.value9() != null ? r.value9() : r.value10() != null ? r.value10() : r.value11()));
    }

    // ------------------------------------------------------------------ helpers

    private OffsetDateTime now() {
        return OffsetDateTime.now(workspace.clock()).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
