package org.registro.contact;

import static org.registro.contact.ContactService.instant;
import static org.registro.db.Tables.AUDIT_LOG;
import static org.registro.db.Tables.CONSENT_STATE;
import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.EVENT;
import static org.registro.db.Tables.FIELD_DEFINITION;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;
import static org.registro.db.Tables.VALUE_PROVENANCE;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.registro.contact.ContactService.FieldBinding;
import org.registro.db.tables.records.ContactRecord;

/** A contact's profile as one read: identifiers, tags, values with their sources, events, consent, audit. */
final class ContactProfiles {

    private ContactProfiles() {
    }

    static Optional<ContactProfile> read(DSLContext dsl, long id) {
        ContactRecord c = dsl.selectFrom(CONTACT).where(CONTACT.ID.eq(id)).fetchOne();
        if (c == null) {
            return Optional.empty();
        }
        var identifiers = dsl.select(IDENTIFIER.ID, IDENTIFIER.KIND, IDENTIFIER.SYSTEM, IDENTIFIER.VALUE_RAW,
                        IDENTIFIER.VALUE_NORM, IDENTIFIER.IS_PRIMARY, IDENTIFIER.IS_VALID, SOURCE.NAME,
                        IDENTIFIER.CREATED_AT)
                .from(IDENTIFIER).leftJoin(SOURCE).on(SOURCE.ID.eq(IDENTIFIER.SOURCE_ID))
                .where(IDENTIFIER.CONTACT_ID.eq(id))
                .orderBy(IDENTIFIER.KIND, IDENTIFIER.IS_PRIMARY.desc(), IDENTIFIER.ID)
                .fetch(r -> new ContactProfile.IdentifierInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8(), instant(r.value9())));
        var tags = dsl.select(TAG.NAME).from(CONTACT_TAG).join(TAG).on(TAG.ID.eq(CONTACT_TAG.TAG_ID))
                .where(CONTACT_TAG.CONTACT_ID.eq(id)).orderBy(TAG.NAME_KEY).fetch(TAG.NAME);
        var customValues = dsl.select(FIELD_DEFINITION.FIELD_KEY, FIELD_DEFINITION.LABEL, FIELD_DEFINITION.DATA_TYPE,
                        CONTACT_VALUE.VALUE_TEXT, CONTACT_VALUE.VALUE_NUMBER, CONTACT_VALUE.VALUE_DATE,
                        CONTACT_VALUE.VALUE_BOOL, SOURCE.NAME, CONTACT_VALUE.UPDATED_AT)
                .from(CONTACT_VALUE).join(FIELD_DEFINITION).on(FIELD_DEFINITION.ID.eq(CONTACT_VALUE.FIELD_ID))
                .leftJoin(SOURCE).on(SOURCE.ID.eq(CONTACT_VALUE.SOURCE_ID))
                .where(CONTACT_VALUE.CONTACT_ID.eq(id))
                .orderBy(FIELD_DEFINITION.POSITION, FIELD_DEFINITION.LABEL)
                .fetch(r -> new ContactProfile.FieldValue(r.value1(), r.value2(), r.value3(),
                        firstNonNull(r.value4(), r.value5(), r.value6(), r.value7()), r.value8(),
                        instant(r.value9())));
        var provenance = provenance(dsl, c);
        var events = dsl.select(EVENT.ID, EVENT.EVENT_TYPE, EVENT.OCCURRED_AT, EVENT.CHANNEL, EVENT.CAMPAIGN,
                        EVENT.AMOUNT, EVENT.CURRENCY, SOURCE.NAME)
                .from(EVENT).leftJoin(SOURCE).on(SOURCE.ID.eq(EVENT.SOURCE_ID))
                .where(EVENT.CONTACT_ID.eq(id))
                .orderBy(EVENT.OCCURRED_AT.desc(), EVENT.ID.desc())
                .limit(500)
                .fetch(r -> new ContactProfile.EventInfo(r.value1(), r.value2(), instant(r.value3()), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8()));
        var consent = dsl.select(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC, CONSENT_STATE.STATUS,
                        CONSENT_STATE.METHOD, CONSENT_STATE.OCCURRED_AT)
                .from(CONSENT_STATE).where(CONSENT_STATE.CONTACT_ID.eq(id))
                .orderBy(CONSENT_STATE.CHANNEL, CONSENT_STATE.TOPIC)
                .fetch(r -> new ContactProfile.ConsentInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        instant(r.value5())));
        var auditEntries = dsl.select(AUDIT_LOG.OCCURRED_AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.SUMMARY,
                        AUDIT_LOG.SUMMARY_KEY, AUDIT_LOG.SUMMARY_ARGS)
                .from(AUDIT_LOG)
                .where(AUDIT_LOG.ENTITY_TYPE.eq("contact").and(AUDIT_LOG.ENTITY_ID.eq(id)))
                .orderBy(AUDIT_LOG.OCCURRED_AT.desc(), AUDIT_LOG.ID.desc())
                .limit(200)
                .fetch(r -> new ContactProfile.AuditEntry(instant(r.value1()), r.value2(), r.value3(),
                        org.registro.workspace.AuditLog.summary(r.value4(), r.value5(), r.value6())));
        return Optional.of(new ContactProfile(c.getId(), c.getStatus(), c.getFirstName(), c.getLastName(),
                c.getEmail(), c.getPhone(), c.getBirthDate(), c.getOrganization(), c.getJobTitle(), c.getStreet(),
                c.getPostalCode(), c.getCity(), c.getRegion(), c.getCountry(), c.getLanguage(), c.getDoNotContact(),
                instant(c.getCreatedAt()), instant(c.getUpdatedAt()), identifiers, tags, customValues, provenance,
                events, consent, auditEntries));
    }

    /**
     * Where each current value came from: an explicit row when the value was changed after creation,
     * otherwise the source and batch that created the contact.
     */
    private static List<ContactProfile.Provenance> provenance(DSLContext dsl, ContactRecord c) {
        Map<String, ContactProfile.Provenance> byField = new java.util.TreeMap<>();
        dsl.select(VALUE_PROVENANCE.FIELD_KEY, SOURCE.NAME, VALUE_PROVENANCE.BATCH_ID, VALUE_PROVENANCE.SET_BY,
                        VALUE_PROVENANCE.SET_AT)
                .from(VALUE_PROVENANCE).leftJoin(SOURCE).on(SOURCE.ID.eq(VALUE_PROVENANCE.SOURCE_ID))
                .where(VALUE_PROVENANCE.CONTACT_ID.eq(c.getId()))
                .forEach(r -> byField.put(r.value1(), new ContactProfile.Provenance(r.value1(), r.value2(),
                        r.value3(), r.value4(), instant(r.value5()))));
        String createdBy = c.getCreatedSourceId() == null ? null : dsl.select(SOURCE.NAME).from(SOURCE)
                .where(SOURCE.ID.eq(c.getCreatedSourceId())).fetchOne(SOURCE.NAME);
        for (FieldBinding<?> binding : FieldBinding.ALL) {
            if (c.get(binding.column()) != null && !byField.containsKey(binding.key())) {
                byField.put(binding.key(), new ContactProfile.Provenance(binding.key(), createdBy,
                        c.getCreatedBatchId(), null, instant(c.getCreatedAt())));
            }
        }
        return List.copyOf(byField.values());
    }

    private static String firstNonNull(Object... values) {
        for (Object value : values) {
            if (value != null) {
                return value instanceof java.math.BigDecimal d ? d.stripTrailingZeros().toPlainString()
                        : value.toString();
            }
        }
        return null;
    }
}
