package org.registro.destination;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.registro.common.Messages;
import org.registro.common.SpreadsheetText;

/**
 * A destination's changes written the way its tool imports status changes: one CSV per kind of import, in a ZIP
 * with a text that says how to import each (the tools set the status for a whole file, not per row).
 * <ul>
 *   <li><b>Mailchimp</b> (audience import, "Email Address" column; the status is chosen for the file):
 *       {@code unsubscribe.csv} (import as Unsubscribed, updating existing contacts), {@code cleaned.csv}
 *       (as Cleaned), {@code delete.csv} (tagged {@value #DELETE_TAG}: import as Unsubscribed, then permanently
 *       delete the contacts with that tag), {@code subscribe.csv} (as Subscribed, with First Name and Last
 *       Name).</li>
 *   <li><b>Brevo</b> (EMAIL, FIRSTNAME, LASTNAME; semicolons): {@code blocklist.csv} (imported with the
 *       option that blocklists the contacts, the API's {@code emailBlacklist}), {@code delete.csv} (imported into
 *       a list of its own whose contacts are then deleted), {@code subscribe.csv}.</li>
 *   <li><b>Mailjet</b> (contact-list CSV import, key column "email"): {@code unsub.csv} (method {@code unsub}),
 *       {@code remove.csv} (method {@code remove}), {@code addnoforce.csv} (method {@code addnoforce}, which never
 *       resubscribes someone who unsubscribed).</li>
 *   <li><b>listmonk</b> (email, name, attributes): {@code blocklist.csv} (import mode Blocklist),
 *       {@code delete.csv} (deleted with the subscribers query the text gives), {@code subscribe.csv} (mode
 *       Subscribe, confirmed).</li>
 * </ul>
 */
final class ChangeFiles {

    /** The tag Mailchimp's delete file carries, to find the contacts to delete after the import. */
    static final String DELETE_TAG = "registro-delete";
    static final String HOW_TO = "how-to-import.txt";

    /** One CSV of the ZIP: the statuses it carries and how the tool imports it. */
    record Action(String file, List<String> statuses, char separator, List<String> header) {
    }

    private ChangeFiles() {
    }

    /** The files a tool's changes go to, in the order they should be imported. */
    static List<Action> actions(Tool tool) {
        return switch (tool) {
            case MAILCHIMP -> List.of(
                    new Action("delete.csv", List.of(Told.DELETED), ',', List.of("Email Address", "Tags")),
                    new Action("cleaned.csv", List.of(Told.CLEANED), ',', List.of("Email Address")),
                    new Action("unsubscribe.csv", List.of(Told.UNSUBSCRIBED), ',', List.of("Email Address")),
                    new Action("subscribe.csv", List.of(Told.SUBSCRIBED), ',',
                            List.of("Email Address", "First Name", "Last Name")));
            case BREVO -> List.of(
                    new Action("delete.csv", List.of(Told.DELETED), ';', List.of("EMAIL")),
                    new Action("blocklist.csv", List.of(Told.UNSUBSCRIBED, Told.CLEANED), ';', List.of("EMAIL")),
                    new Action("subscribe.csv", List.of(Told.SUBSCRIBED), ';',
                            List.of("EMAIL", "FIRSTNAME", "LASTNAME")));
            case MAILJET -> List.of(
                    new Action("remove.csv", List.of(Told.DELETED), ',', List.of("email")),
                    new Action("unsub.csv", List.of(Told.UNSUBSCRIBED, Told.CLEANED), ',', List.of("email")),
                    new Action("addnoforce.csv", List.of(Told.SUBSCRIBED), ',', List.of("email")));
            case LISTMONK -> List.of(
                    new Action("delete.csv", List.of(Told.DELETED), ',', List.of("email")),
                    new Action("blocklist.csv", List.of(Told.UNSUBSCRIBED, Told.CLEANED), ',',
                            List.of("email", "name", "attributes")),
                    new Action("subscribe.csv", List.of(Told.SUBSCRIBED), ',',
                            List.of("email", "name", "attributes")));
        };
    }

    /** The action a change goes to. */
    static Action actionOf(Tool tool, Change change) {
        for (Action a : actions(tool)) {
            if (a.statuses().contains(change.status())) {
                return a;
            }
        }
        throw new IllegalArgumentException(change.status());
    }

    /** The cells of one change in a file. */
    static List<String> cells(Tool tool, Action action, Change c) {
        List<String> cells = new ArrayList<>(action.header().size());
        for (String column : action.header()) {
            cells.add(switch (column) {
                case "Email Address", "EMAIL", "email" -> c.email();
                case "First Name", "FIRSTNAME" -> SpreadsheetText.defuse(nz(c.firstName()));
                case "Last Name", "LASTNAME" -> SpreadsheetText.defuse(nz(c.lastName()));
                case "Tags" -> DELETE_TAG;
                case "name" -> SpreadsheetText.defuse(fullName(c));
                case "attributes" -> "{}";
                default -> throw new IllegalStateException(column);
            });
        }
        return cells;
    }

    /** Writes the ZIP; returns how many rows each file got (files without changes are left out). */
    static Map<String, Integer> write(Destination destination, List<Change> changes, OutputStream out) {
        Map<Action, List<Change>> byAction = new LinkedHashMap<>();
        actions(destination.tool()).forEach(a -> byAction.put(a, new ArrayList<>()));
        changes.forEach(c -> byAction.get(actionOf(destination.tool(), c)).add(c));
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            StringBuilder howTo = new StringBuilder(Messages.get("destination.howto.intro", destination.name(),
                    destination.tool().label())).append("\r\n\r\n");
            int step = 1;
            for (Map.Entry<Action, List<Change>> e : byAction.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                Action a = e.getKey();
                zip.putNextEntry(new ZipEntry(a.file()));
                zip.write(csv(destination.tool(), a, e.getValue()));
                zip.closeEntry();
                counts.put(a.file(), e.getValue().size());
                String key = "destination.howto." + destination.tool().code() + "."
                        + a.file().substring(0, a.file().indexOf('.'));
                howTo.append(step++).append(". ").append(a.file()).append(" (")
                        .append(Messages.get("destination.howto.rows", e.getValue().size())).append("): ")
                        .append(Messages.get(key, DELETE_TAG, deleteQuery(e.getValue()))).append("\r\n\r\n");
            }
            zip.putNextEntry(new ZipEntry(HOW_TO));
            zip.write(howTo.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** The rows of one file, UTF-8 without a BOM (listmonk strips it from headers, the others do not need it). */
    static byte[] csv(Tool tool, Action action, List<Change> changes) {
        StringWriter text = new StringWriter();
        try (CsvWriter csv = CsvWriter.builder().fieldSeparator(action.separator()).lineDelimiter(LineDelimiter.CRLF)
                .build(text)) {
            csv.writeRecord(action.header());
            for (Change c : changes) {
                csv.writeRecord(cells(tool, action, c));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** listmonk deletes by a subscribers query: the addresses, quoted as SQL strings. */
    private static String deleteQuery(List<Change> changes) {
        StringBuilder q = new StringBuilder("subscribers.email IN (");
        for (int i = 0; i < changes.size(); i++) {
            q.append(i == 0 ? "" : ", ").append('\'').append(changes.get(i).email().replace("'", "''")).append('\'');
        }
        return q.append(')').toString();
    }

    private static String fullName(Change c) {
        return (nz(c.firstName()) + " " + nz(c.lastName())).strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
