package org.registro.contact;

import static org.registro.db.Tables.CONTACT;
import static org.registro.db.Tables.CONTACT_TAG;
import static org.registro.db.Tables.IDENTIFIER;
import static org.registro.db.Tables.SOURCE;
import static org.registro.db.Tables.TAG;

import de.siegmar.fastcsv.writer.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.common.SortedByContact;
import org.registro.common.SpreadsheetText;
import org.registro.workspace.Workspace;

/**
 * Every active contact as one CSV row with its identifiers, source record keys and tags, for checking what
 * an import did. Streams the contacts in id order and merges their identifiers and tags in the same order,
 * so a million contacts need no more memory than a thousand.
 */
public final class ContactCsvExport {

    private static final List<String> HEADER = List.of("id", "first_name", "last_name", "email", "phone", "birth_date",
            "organization", "job_title", "street", "postal_code", "city", "region", "country", "language",
            "created_by_source", "created_by_batch", "emails", "phones", "customer_numbers", "source_keys", "tags");

    private ContactCsvExport() {
    }

    /** Writes the file; returns the number of contacts written. */
    public static long write(Workspace workspace, Path out, Progress progress) {
        DSLContext dsl = workspace.dsl();
        Map<Long, String> sources = new HashMap<>();
        dsl.select(SOURCE.ID, SOURCE.NAME).from(SOURCE).forEach(r -> sources.put(r.value1(), r.value2()));
        Map<Long, String> tags = new HashMap<>();
        dsl.select(TAG.ID, TAG.NAME).from(TAG).forEach(r -> tags.put(r.value1(), r.value2()));
        long total = dsl.selectCount().from(CONTACT).fetchSingle(0, long.class);
        long written = 0;
        try (OutputStream stream = Files.newOutputStream(out);
             CsvWriter csv = CsvWriter.builder().build(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
             Cursor<Record> contacts = dsl.select(CONTACT.fields()).from(CONTACT).where(ContactService.ACTIVE)
                     .orderBy(CONTACT.ID).fetchLazy();
             Cursor<? extends Record> identifiers = dsl.select(IDENTIFIER.CONTACT_ID, IDENTIFIER.KIND, IDENTIFIER.SYSTEM,
                     IDENTIFIER.VALUE_NORM).from(IDENTIFIER).orderBy(IDENTIFIER.CONTACT_ID, IDENTIFIER.ID).fetchLazy();
             Cursor<? extends Record> tagLinks = dsl.select(CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID).from(CONTACT_TAG)
                     .orderBy(CONTACT_TAG.CONTACT_ID, CONTACT_TAG.TAG_ID).fetchLazy()) {
            csv.writeRecord(HEADER);
            SortedByContact<Record> ids = new SortedByContact<>(identifiers);
            SortedByContact<Record> links = new SortedByContact<>(tagLinks);
            for (Record c : contacts) {
                long id = c.get(CONTACT.ID);
                List<String> emails = new ArrayList<>();
                List<String> phones = new ArrayList<>();
                List<String> numbers = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                for (Record i : ids.take(id)) {
                    String value = i.get(IDENTIFIER.VALUE_NORM);
                    switch (i.get(IDENTIFIER.KIND)) {
                        case "email" -> emails.add(value);
                        case "phone" -> phones.add(value);
                        case "customer_number" -> numbers.add(value);
                        case "source_key" -> keys.add(i.get(IDENTIFIER.SYSTEM) + ":" + value);
                        default -> keys.add(i.get(IDENTIFIER.KIND) + ":" + value);
                    }
                }
                List<String> names = new ArrayList<>();
                for (Record t : links.take(id)) {
                    names.add(tags.get(t.get(CONTACT_TAG.TAG_ID)));
                }
                writeSafely(csv, text(id), c.get(CONTACT.FIRST_NAME), c.get(CONTACT.LAST_NAME), c.get(CONTACT.EMAIL),
                        c.get(CONTACT.PHONE), text(c.get(CONTACT.BIRTH_DATE)), c.get(CONTACT.ORGANIZATION),
                        c.get(CONTACT.JOB_TITLE), c.get(CONTACT.STREET), c.get(CONTACT.POSTAL_CODE), c.get(CONTACT.CITY),
                        c.get(CONTACT.REGION), c.get(CONTACT.COUNTRY), c.get(CONTACT.LANGUAGE),
                        sources.get(c.get(CONTACT.CREATED_SOURCE_ID)), text(c.get(CONTACT.CREATED_BATCH_ID)),
                        String.join("; ", emails), String.join("; ", phones), String.join("; ", numbers),
                        String.join("; ", keys), String.join("; ", names));
                if (++written % 10_000 == 0) {
                    progress.checkCancelled();
                    progress.update(written, total, null);
                }
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", out.toString(), e.getMessage());
        }
        return written;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Walks a cursor ordered by contact id alongside the contacts. */
    /** A row as a spreadsheet may open it: formulas defused, numbers such as phones kept. */
    private static void writeSafely(CsvWriter csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = SpreadsheetText.defuse(cells[i]);
        }
        csv.writeRecord(cells);
    }
}
