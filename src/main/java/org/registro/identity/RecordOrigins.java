package org.registro.identity;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.registro.ingest.ColumnMapping;

/** What helps a person tell two records apart, or find them in the systems they came from. */
final class RecordOrigins {

    private RecordOrigins() {
    }

    /** Where a contact's data came from, for telling two records apart: its sources and when it was created. */
    static Optional<DuplicateService.Origin> origin(DSLContext dsl, long contactId) {
        var created = dsl.select(CONTACT.CREATED_AT, CONTACT.CREATED_SOURCE_ID).from(CONTACT)
                .where(CONTACT.ID.eq(contactId)).fetchOne();
        if (created == null) {
            return Optional.empty();
        }
        Set<Long> ids = new LinkedHashSet<>();
        if (created.value2() != null) {
            ids.add(created.value2());
        }
        ids.addAll(dsl.selectDistinct(IDENTIFIER.SOURCE_ID).from(IDENTIFIER)
                .where(IDENTIFIER.CONTACT_ID.eq(contactId).and(IDENTIFIER.SOURCE_ID.isNotNull()))
                .fetch(IDENTIFIER.SOURCE_ID));
        List<String> names = new ArrayList<>();
        for (Long id : ids) {
            dsl.select(SOURCE.NAME).from(SOURCE).where(SOURCE.ID.eq(id)).fetchOptional(SOURCE.NAME)
                    .ifPresent(names::add);
        }
        return Optional.of(new DuplicateService.Origin(contactId, created.value1().toInstant(), List.copyOf(names)));
    }

    /**
     * The keys each contact is known by in the systems its records came from (CRM customer numbers, source
     * record ids), as "system:key", for matching a pair back to those systems.
     */
    static Map<Long, List<String>> sourceKeys(DSLContext dsl, Collection<Long> contactIds) {
        Map<Long, List<String>> keys = new HashMap<>();
        List<Long> ids = List.copyOf(contactIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_RAW).from(IDENTIFIER)
                    .where(IDENTIFIER.CONTACT_ID.in(ids.subList(i, Math.min(ids.size(), i + 1000)))
                            .and(IDENTIFIER.KIND.in(ColumnMapping.KIND_SOURCE_KEY, ColumnMapping.KIND_CUSTOMER_NUMBER)))
                    .orderBy(IDENTIFIER.CONTACT_ID, IDENTIFIER.ID)
                    .forEach(r -> keys.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(r.value2() == null || r.value2().isEmpty() ? r.value3()
                                    : r.value2() + ":" + r.value3()));
        }
        return keys;
    }
}
