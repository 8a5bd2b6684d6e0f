package org.registro.ingest;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.registro.contact.FirstNames;
import org.registro.ingest.ParsedRow.Identifier;

/**
 * Which contact each row of a chunk is about: the one its most specific identifier belongs to, in the workspace
 * or earlier in the chunk, or a new one. Rows that point at two contacts, or share an email or phone with a
 * contact of another first name, are recorded as conflicts.
 */
final class RowLinker {

    /** A row whose identifier belongs to another contact than the one the row was applied to. */
    record Conflict(ParsedRow row, ChunkGroup target, ChunkGroup other, Identifier identifier) {
    }

    private final BatchRun run;
    private final DSLContext tx;
    private final List<Conflict> conflicts = new ArrayList<>();
    /** The first and last names of the contacts that own the chunk's identifiers, read with them. */
    private final Map<Long, String[]> ownerNames = new HashMap<>();

    RowLinker(BatchRun run, DSLContext tx) {
        this.run = run;
        this.tx = tx;
    }

    List<Conflict> conflicts() {
        return conflicts;
    }

    /**
     * Links each row to the contact its most specific identifier belongs to, in the workspace or the chunk. An
     * email or phone links only a row whose first name could be that contact's ({@link FirstNames}): relatives
     * share a landline or an email, and such a row is kept apart, the pair listed as a conflict for the
     * duplicates review.
     */
    List<ChunkGroup> link(List<ParsedRow> rows) {
        Map<String, Long> owners = owners(rows);
        Map<String, ChunkGroup> byIdentifier = new HashMap<>();
        Map<Long, ChunkGroup> existing = new LinkedHashMap<>();
        List<ChunkGroup> targets = new ArrayList<>();
        for (ParsedRow row : rows) {
            List<ChunkGroup> matched = new ArrayList<>();
            boolean keptApart = false;
            for (Identifier id : row.identifiers()) {
                ChunkGroup t = byIdentifier.get(key(id));
                if (t == null && owners.containsKey(key(id))) {
                    long owner = owners.get(key(id));
                    t = existing.computeIfAbsent(owner, o -> {
                        ChunkGroup fresh = new ChunkGroup(o);
                        if (ownerNames.containsKey(o)) {
                            fresh.names.add(ownerNames.get(o));
                        }
                        targets.add(fresh);
                        return fresh;
                    });
                }
                if (t != null && isContactPoint(id) && !samePerson(row, t)) {
                    keptApart = true;
                    continue;
                }
                if (t != null && !matched.contains(t)) {
                    matched.add(t);
                }
            }
            if (keptApart) {
                run.conflicts++;
            }
            ChunkGroup target;
            if (matched.isEmpty()) {
                target = new ChunkGroup(null);
                targets.add(target);
            } else {
                target = matched.get(0);
            }
            for (Identifier id : row.identifiers()) {
                ChunkGroup owner = byIdentifier.get(key(id));
                if (owner == null && owners.containsKey(key(id))) {
                    owner = existing.get(owners.get(key(id)));
                }
                if (owner == null) {
                    byIdentifier.put(key(id), target);
                    target.identifiers.add(id);
                } else if (owner != target) {
                    conflicts.add(new Conflict(row, target, owner, id));
                } else {
                    byIdentifier.putIfAbsent(key(id), target);
                }
            }
            if (matched.size() > 1 && !keptApart) {
                run.conflicts++;
            }
            target.absorb(row);
        }
        return targets;
    }

    private static boolean isContactPoint(Identifier id) {
        return org.registro.contact.ContactService.KIND_EMAIL.equals(id.kind())
                || org.registro.contact.ContactService.KIND_PHONE.equals(id.kind());
    }

    /**
     * Whether the row's first name could be the target's: that of every full first name the contact is known
     * by (initials only when it is known by nothing more).
     */
    private static boolean samePerson(ParsedRow row, ChunkGroup target) {
        String first = ChunkGroup.text(row.fields(), BuiltInField.FIRST_NAME);
        String last = ChunkGroup.text(row.fields(), BuiltInField.LAST_NAME);
        List<String[]> known = target.names.stream().filter(n -> n[0] != null && !n[0].isBlank()).toList();
        List<String[]> full = known.stream().filter(n -> !FirstNames.isInitialsOnly(n[0])).toList();
        for (String[] n : full.isEmpty() ? known : full) {
            if (!FirstNames.couldBeOnePerson(first, last, n[0], n[1])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Who owns each identifier of the chunk already: "kind|system|value" to contact id. Looked up by the whole
     * unique key (kind, system, values), so the lookup needs no index but the key's own (issue 24).
     */
    private Map<String, Long> owners(List<ParsedRow> chunk) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        chunk.forEach(r -> r.identifiers().forEach(i -> values.computeIfAbsent(i.kind() + "|" + i.system(),
                k -> new LinkedHashSet<>()).add(i.normalized())));
        Map<String, Long> owners = new HashMap<>();
        for (Map.Entry<String, Set<String>> kind : values.entrySet()) {
            String[] kindAndSystem = kind.getKey().split("\\|", 2);
            List<String> all = new ArrayList<>(kind.getValue());
            for (int i = 0; i < all.size(); i += 1000) {
                List<String> part = all.subList(i, Math.min(all.size(), i + 1000));
                // the values as one array parameter: one statement whatever their number
                lookup(kindAndSystem, part.toArray(String[]::new)).forEach(r -> {
                    Long owner = switch (r.value5()) {
                        case "merged" -> finalSurvivor(r.value6());
                        case "erased" -> null;
                        default -> {
                            ownerNames.put(r.value4(), new String[] {r.value7(), r.value8()});
                            yield r.value4();
                        }
                    };
                    if (owner != null) {
                        owners.put(r.value1() + "|" + r.value2() + "|" + r.value3(), owner);
                    }
                });
            }
        }
        return owners;
    }

    private Long finalSurvivor(Long id) {
        Long current = id;
        for (int hop = 0; hop < 10 && current != null; hop++) {
            var r = tx.select(CONTACT.STATUS, CONTACT.MERGED_INTO_ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME)
                    .from(CONTACT).where(CONTACT.ID.eq(current)).fetchOne();
            if (r == null || "erased".equals(r.value1())) {
                return null;
            }
            if (!"merged".equals(r.value1())) {
                ownerNames.put(current, new String[] {r.value3(), r.value4()});
                return current;
            }
            current = r.value2();
        }
        return null;
    }

    private String key(Identifier id) {
        return id.kind() + "|" + id.system() + "|" + id.normalized();
    }

    /** The value column of H2's table of wanted values. */
    private static final org.jooq.Field<String> WANTED_VALUE = DSL.field(DSL.name("wanted", "v"), String.class);

    /**
     * Who holds each of {@code values} of one kind and system, by the identifiers' unique key. H2: the values as a
     * table of one column (its {@code TABLE} function) joined to the key, which H2 looks up value by value in the
     * unique index (an {@code IN} list only narrowed to kind and system; {@code UNNEST} was slower). PostgreSQL:
     * one probe of the unique key per value. A plain join to {@code unnest}, or {@code value_norm = ANY(array)},
     * was planned from statistics taken while the table was nearly empty (a new workspace's first import): every
     * identifier of the kind scanned, the values checked against each, 0.3–0.6 s per thousand values as it grew.
     */
    private org.jooq.ResultQuery<org.jooq.Record8<String, String, String, Long, String, Long, String, String>> lookup(
            String[] kindAndSystem, String[] values) {
        if (tx.family() == org.jooq.SQLDialect.POSTGRES) {
            // each value looked up by the whole unique key, inside a LATERAL subquery the planner may not flatten
            // (LIMIT 1: the key holds at most one): an index probe per value whatever the statistics say
            return tx.resultQuery("SELECT i.kind, i.system, i.value_norm, c.id, c.status, c.merged_into_id, "
                            + "c.first_name, c.last_name FROM unnest(CAST({0} AS varchar[])) AS wanted (v) "
                            + "CROSS JOIN LATERAL (SELECT * FROM identifier WHERE kind = {1} AND system = {2} "
                            + "AND value_norm = wanted.v LIMIT 1) i JOIN contact c ON c.id = i.contact_id",
                    DSL.val(values), DSL.val(kindAndSystem[0]), DSL.val(kindAndSystem[1]))
                    .coerce(IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_NORM, CONTACT.ID, CONTACT.STATUS,
                            CONTACT.MERGED_INTO_ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME);
        }
        var key = IDENTIFIER.KIND.eq(kindAndSystem[0]).and(IDENTIFIER.SYSTEM.eq(kindAndSystem[1]));
        return tx.select(IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_NORM, CONTACT.ID, CONTACT.STATUS,
                        CONTACT.MERGED_INTO_ID, CONTACT.FIRST_NAME, CONTACT.LAST_NAME)
                .from(DSL.table("TABLE(\"v\" VARCHAR = ?) \"wanted\"", (Object) values))
                .join(IDENTIFIER).on(key.and(IDENTIFIER.VALUE_NORM.eq(WANTED_VALUE)))
                .join(CONTACT).on(CONTACT.ID.eq(IDENTIFIER.CONTACT_ID));
    }
}
