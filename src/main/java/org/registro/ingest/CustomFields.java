package org.registro.ingest;

import static org.registro.db.Tables.CONTACT_VALUE;
import static org.registro.db.Tables.FIELD_DEFINITION;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;

/** The custom fields a batch writes to: their ids and types by key, created when first named or met. */
final class CustomFields {

    private final OffsetDateTime now;
    private final Map<String, Long> ids = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    CustomFields(OffsetDateTime now) {
        this.now = now;
    }

    /** The field's id, or null when the batch has not met it yet. */
    Long id(String key) {
        return ids.get(key);
    }

    /** The field's type: text, number, date or boolean. */
    String type(String key) {
        return types.get(key);
    }

    /** Custom fields named by the mapping exist before the first row; new ones are created with their type. */
    void prepare(DSLContext dsl, ImportMapping mapping) {
        for (ColumnMapping c : mapping.columns()) {
            if (c.target() != Target.CUSTOM) {
                continue;
            }
            var existing = dsl.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                    .where(FIELD_DEFINITION.FIELD_KEY.eq(c.customKey())).fetchOptional();
            if (existing.isPresent()) {
                ids.put(c.customKey(), existing.get().value1());
                types.put(c.customKey(), existing.get().value2());
            } else {
                long id = dsl.insertInto(FIELD_DEFINITION)
                        .set(FIELD_DEFINITION.FIELD_KEY, c.customKey())
                        .set(FIELD_DEFINITION.LABEL, c.customLabel() == null ? c.column() : c.customLabel())
                        .set(FIELD_DEFINITION.DATA_TYPE, c.customType())
                        .set(FIELD_DEFINITION.CREATED_AT, now)
                        .returningResult(FIELD_DEFINITION.ID).fetchSingle().value1();
                ids.put(c.customKey(), id);
                types.put(c.customKey(), c.customType());
            }
        }
    }

    /**
     * A custom field met in the data rather than named by the mapping (a listmonk attribute): an existing field
     * of that key, or a new one typed after the value (a number, a yes/no, else text), in the chunk's transaction.
     */
    long create(DSLContext tx, String key, Object sample) {
        var existing = tx.select(FIELD_DEFINITION.ID, FIELD_DEFINITION.DATA_TYPE).from(FIELD_DEFINITION)
                .where(FIELD_DEFINITION.FIELD_KEY.eq(key)).fetchOptional();
        long id;
        String type;
        if (existing.isPresent()) {
            id = existing.get().value1();
            type = existing.get().value2();
        } else {
            type = sample instanceof BigDecimal ? "number" : sample instanceof Boolean ? "boolean"
                    : sample instanceof LocalDate ? "date" : "text";
            id = tx.insertInto(FIELD_DEFINITION).set(FIELD_DEFINITION.FIELD_KEY, key)
                    .set(FIELD_DEFINITION.LABEL, key.replace('_', ' ')).set(FIELD_DEFINITION.DATA_TYPE, type)
                    .set(FIELD_DEFINITION.CREATED_AT, now)
                    .returningResult(FIELD_DEFINITION.ID).fetchSingle().value1();
        }
        ids.put(key, id);
        types.put(key, type);
        return id;
    }

    /** A value as the field's type takes it, or null when it does not fit. */
    static Object asType(String type, Object value) {
        return switch (type == null ? "text" : type) {
            case "number" -> value instanceof BigDecimal ? value : Numbers.parse(value.toString()).orElse(null);
            case "boolean" -> value instanceof Boolean ? value : Booleans.parse(value.toString()).orElse(null);
            case "date" -> value instanceof LocalDate ? value : null;
            default -> value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : value.toString();
        };
    }

    static String valueText(org.jooq.Record r) {
        if (r.get(CONTACT_VALUE.VALUE_TEXT) != null) {
            return r.get(CONTACT_VALUE.VALUE_TEXT);
        }
        if (r.get(CONTACT_VALUE.VALUE_NUMBER) != null) {
            return r.get(CONTACT_VALUE.VALUE_NUMBER).stripTrailingZeros().toPlainString();
        }
        if (r.get(CONTACT_VALUE.VALUE_DATE) != null) {
            return r.get(CONTACT_VALUE.VALUE_DATE).toString();
        }
        return r.get(CONTACT_VALUE.VALUE_BOOL) == null ? null : r.get(CONTACT_VALUE.VALUE_BOOL).toString();
    }
}
