package org.registro.identity;

import org.registro.contact.Nicknames;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.VALUE_PROVENANCE;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.TableField;
import org.registro.common.TextKeys;
import org.registro.contact.FirstNames;
import org.registro.db.tables.records.ContactRecord;
import org.registro.db.tables.records.ValueProvenanceRecord;
import org.registro.identity.MergeService.MergePlan;
import org.registro.identity.MergeService.Part;
import org.registro.identity.MergeService.PartChoice;
import org.registro.identity.MergeService.Side;

/**
 * Which record each part of a merged contact is taken from (name, email, phone, birth date, gender, language,
 * organization, address, each as a whole): the user's choice; else the side whose value says more whatever its
 * source (the names in the right fields, the full name over an initial or a nickname, the more complete value);
 * else the more trusted source, then the more recent value, then the survivor.
 */
final class Survivorship {

    private Survivorship() {
    }

    static MergePlan plan(DSLContext dsl, ContactRecord s, ContactRecord m, Map<Part, Side> overrides) {
        Map<Long, List<ValueProvenanceRecord>> provenance = provenance(dsl, List.of(s.getId(), m.getId()));
        return plan(trust(dsl), provenance.getOrDefault(s.getId(), List.of()),
                provenance.getOrDefault(m.getId(), List.of()), s, m, overrides);
    }

    /** Each source's trust rank. */
    static Map<Long, Integer> trust(DSLContext dsl) {
        Map<Long, Integer> trust = new HashMap<>();
        dsl.select(SOURCE.ID, SOURCE.TRUST_RANK).from(SOURCE).forEach(r -> trust.put(r.value1(), r.value2()));
        return trust;
    }

    /** Where each field of these contacts came from, by contact. */
    static Map<Long, List<ValueProvenanceRecord>> provenance(DSLContext dsl, Collection<Long> contactIds) {
        Map<Long, List<ValueProvenanceRecord>> byContact = new HashMap<>();
        dsl.selectFrom(VALUE_PROVENANCE).where(VALUE_PROVENANCE.CONTACT_ID.in(contactIds))
                .forEach(p -> byContact.computeIfAbsent(p.getContactId(), k -> new ArrayList<>()).add(p));
        return byContact;
    }

    /** The plan from what is already read: the sources' trust and both records' provenance. */
    static MergePlan plan(Map<Long, Integer> trust, List<ValueProvenanceRecord> provenanceS,
                          List<ValueProvenanceRecord> provenanceM, ContactRecord s, ContactRecord m,
                          Map<Part, Side> overrides) {
        Map<String, Origin> originS = origins(trust, s, provenanceS);
        Map<String, Origin> originM = origins(trust, m, provenanceM);
        List<PartChoice> parts = new ArrayList<>();
        for (Part part : Part.values()) {
            String vs = shown(s, part);
            String vm = shown(m, part);
            Side side;
            String reason;
            PartChoice byContent = byContent(part, s, m);
            if (overrides.containsKey(part)) {
                side = overrides.get(part);
                reason = "user";
            } else if (vm == null) {
                side = Side.SURVIVOR;
                reason = vs == null ? "same" : "only-survivor";
            } else if (vs == null) {
                side = Side.MERGED;
                reason = "only-merged";
            } else if (Objects.equals(TextKeys.fold(vs), TextKeys.fold(vm))) {
                side = Side.SURVIVOR;
                reason = "same";
            } else if (byContent != null) {
                side = byContent.chosen();
                reason = byContent.reason();
            } else {
                String key = MergeService.KEYS.get(part.columns.get(0));
                Origin os = originS.get(key);
                Origin om = originM.get(key);
                if (os.trust() != om.trust()) {
                    side = om.trust() > os.trust() ? Side.MERGED : Side.SURVIVOR;
                    reason = "trusted";
                } else if (!os.at().equals(om.at())) {
                    side = om.at().isAfter(os.at()) ? Side.MERGED : Side.SURVIVOR;
                    reason = "recent";
                } else {
                    side = Side.SURVIVOR;
                    reason = "survivor";
                }
            }
            parts.add(new PartChoice(part, vs, vm, side, reason));
        }
        return new MergePlan(s.getId(), m.getId(), List.copyOf(parts));
    }

    /**
     * The side whose value says more, whatever its source or age: the name in the right fields, the full name, the
     * more complete value (only {@code chosen} and {@code reason} are set); null when the values do not tell.
     */
    private static PartChoice byContent(Part part, ContactRecord s, ContactRecord m) {
        if (part == Part.NAME) {
            Side swapped = swappedName(s, m);
            if (swapped != null) {
                return new PartChoice(part, null, null, swapped, "first-name-first");
            }
            Side full = fullName(s, m);
            if (full != null) {
                return new PartChoice(part, null, null, full, "full-name");
            }
        }
        Side complete = moreComplete(part, s, m);
        return complete == null ? null : new PartChoice(part, null, null, complete, "complete");
    }

    /**
     * When one record has the first and last names the other way round, the side whose first-name field holds
     * a first name the nickname table knows ("Cristina", not "Torres Díaz"), else the survivor; null when the
     * names are not swapped.
     */
    private static Side swappedName(ContactRecord s, ContactRecord m) {
        List<String> fs = MatchRecord.tokens(s.getFirstName());
        List<String> ls = MatchRecord.tokens(s.getLastName());
        if (fs.isEmpty() || ls.isEmpty() || !fs.equals(MatchRecord.tokens(m.getLastName()))
                || !ls.equals(MatchRecord.tokens(m.getFirstName()))) {
            return null;
        }
        Nicknames nicknames = Nicknames.defaults();
        return !nicknames.isKnownFirstName(fs.get(0)) && nicknames.isKnownFirstName(ls.get(0)) ? Side.MERGED
                : Side.SURVIVOR;
    }

    /**
     * The side with the full first name when the other has only its initial ("M.") or a nickname of it ("Bea"
     * for "Beatriz"); null when neither is.
     */
    private static Side fullName(ContactRecord s, ContactRecord m) {
        String fs = s.getFirstName();
        String fm = m.getFirstName();
        if (fs == null || fm == null) {
            return null;
        }
        if (FirstNames.isInitialsOnly(fs) != FirstNames.isInitialsOnly(fm)) {
            return FirstNames.isInitialsOnly(fs) ? Side.MERGED : Side.SURVIVOR;
        }
        Nicknames nicknames = Nicknames.defaults();
        if (nicknames.isNicknameOf(fs, fm)) {
            return Side.MERGED;
        }
        return nicknames.isNicknameOf(fm, fs) ? Side.SURVIVOR : null;
    }

    /**
     * The side whose value says more without contradicting the other: a name with every word of the other and
     * more ("Nuria Ramos Marín" over "Nuria Ramos"), an address with every part of the other and more (the street
     * as well as the postal code). Null when neither is.
     */
    private static Side moreComplete(Part part, ContactRecord s, ContactRecord m) {
        if (part == Part.NAME) {
            Set<String> ws = new HashSet<>(MatchRecord.tokens(shown(s, part)));
            Set<String> wm = new HashSet<>(MatchRecord.tokens(shown(m, part)));
            return ws.size() > wm.size() && ws.containsAll(wm) ? Side.SURVIVOR
                    : wm.size() > ws.size() && wm.containsAll(ws) ? Side.MERGED : null;
        }
        if (part.columns.size() < 2) {
            return null;
        }
        int onlyS = 0;
        int onlyM = 0;
        for (TableField<ContactRecord, ?> column : part.columns) {
            String vs = blankToNull(s.get(column));
            String vm = blankToNull(m.get(column));
            if (vs != null && vm != null && !Objects.equals(TextKeys.fold(vs), TextKeys.fold(vm))) {
                return null;
            }
            onlyS += vs != null && vm == null ? 1 : 0;
            onlyM += vm != null && vs == null ? 1 : 0;
        }
        return onlyS > 0 && onlyM == 0 ? Side.SURVIVOR : onlyM > 0 && onlyS == 0 ? Side.MERGED : null;
    }

    private static String blankToNull(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    private static String shown(ContactRecord r, Part part) {
        List<String> values = new ArrayList<>();
        for (TableField<ContactRecord, ?> column : part.columns) {
            Object value = r.get(column);
            if (value != null && !value.toString().isBlank()) {
                values.add(value.toString().strip());
            }
        }
        return values.isEmpty() ? null : String.join(part == Part.NAME ? " " : ", ", values);
    }

    /** Where a field's value came from: the trust of its source and when it was set. */
    private record Origin(int trust, OffsetDateTime at) {
    }

    private static Map<String, Origin> origins(Map<Long, Integer> trust, ContactRecord r,
                                               List<ValueProvenanceRecord> provenance) {
        Origin created = new Origin(trust.getOrDefault(r.getCreatedSourceId(), 0), r.getCreatedAt());
        Map<String, Origin> origins = new HashMap<>();
        MergeService.KEYS.values().forEach(k -> origins.put(k, created));
        provenance.forEach(p ->
                origins.put(p.getFieldKey(), new Origin(trust.getOrDefault(p.getSourceId(), 0), p.getSetAt())));
        return origins;
    }
}
