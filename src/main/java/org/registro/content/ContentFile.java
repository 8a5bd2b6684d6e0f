package org.registro.content;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.common.TextKeys;
import org.registro.ingest.ParsedRow;
import org.registro.ingest.RejectFile;
import org.registro.ingest.SourceFile;
import org.registro.ingest.SourceRow;

/**
 * A file of content items (CSV in any common encoding and separator, or a workbook): one item per row, columns
 * named in English or Spanish — key, kind, title, summary, url, topics, tags, language, channels, starts_on,
 * ends_on, commercial, repeatable, campaigns, references. Lists inside a cell are separated by "|", ";" or ",".
 * A row that cannot be an item goes to a reject file in the workspace's {@code rejects} folder, with its line,
 * the reason and the column; the others are saved (an item whose key exists is replaced).
 */
public final class ContentFile {

    /** What an import of items did. */
    public record Imported(int added, int updated, long rejected, Path rejects) {
    }

    private static final Map<String, String> COLUMNS = columns();

    private final ContentService content;

    public ContentFile(ContentService content) {
        this.content = content;
    }

    private static Map<String, String> columns() {
        Map<String, String> c = new HashMap<>();
        String[][] names = {
            {"key", "key", "clave", "id", "codigo", "code"},
            {"kind", "kind", "tipo", "type"},
            {"title", "title", "titulo", "name", "nombre"},
            {"summary", "summary", "resumen", "description", "descripcion", "text", "texto"},
            {"url", "url", "link", "enlace"},
            {"topics", "topics", "topic", "temas", "tema"},
            {"tags", "tags", "tag", "etiquetas", "etiqueta"},
            {"language", "language", "idioma", "lang"},
            {"channels", "channels", "channel", "canales", "canal"},
            {"starts_on", "starts_on", "starts", "start", "start_date", "desde", "inicio", "fecha_inicio"},
            {"ends_on", "ends_on", "ends", "end", "end_date", "hasta", "fin", "fecha_fin"},
            {"commercial", "commercial", "comercial", "marketing"},
            {"repeatable", "repeatable", "repetible"},
            {"campaigns", "campaigns", "campaign", "campanas", "campana", "cause", "causa", "event", "evento"},
            {"references", "references", "reference", "referencias", "referencia", "urls"},
        };
        for (String[] n : names) {
            for (int i = 1; i < n.length; i++) {
                c.put(n[i], n[0]);
            }
        }
        return c;
    }

    /** Reads every row of {@code file} and saves the items; rejects go to {@code rejectsDir}. */
    public Imported importFile(Path file, Path rejectsDir, Progress progress) {
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path rejectPath = rejectsDir.resolve("content-" + stamp + "-" + file.getFileName() + ".rejects.csv");
        List<String> header = new ArrayList<>();
        Map<String, Integer> at = new HashMap<>();
        int[] added = new int[2];
        RejectFile[] rejects = new RejectFile[1];
        try {
            SourceFile.stream(file, SourceFile.Options.detect(), new SourceFile.Listener() {
                @Override
                public void header(List<String> names) {
                    header.addAll(names);
                    for (int i = 0; i < names.size(); i++) {
                        String known = COLUMNS.get(normal(names.get(i)));
                        if (known != null) {
                            at.putIfAbsent(known, i);
                        }
                    }
                    if (!at.containsKey("title")) {
                        throw new RegistroException("error.content.file.noTitle", file.getFileName().toString());
                    }
                    rejects[0] = new RejectFile(rejectPath, names);
                }

                @Override
                public void row(SourceRow row) {
                    if (row.cells().stream().allMatch(c -> c == null || c.isBlank())) {
                        return;
                    }
                    try {
                        ContentItem item = item(row, at, header);
                        boolean existed = content.find(item.key()).isPresent();
                        content.save(item);
                        added[existed ? 1 : 0]++;
                    } catch (Refused refused) {
                        rejects[0].rejected(row, refused.problem);
                    } catch (RegistroException refused) {
                        rejects[0].rejected(row, new ParsedRow.Problem(null, "content.reject.refused",
                                refused.getMessage()));
                    }
                }
            }, progress);
        } finally {
            if (rejects[0] != null) {
                rejects[0].close();
            }
        }
        long rejected = rejects[0] == null ? 0 : rejects[0].rows();
        return new Imported(added[0], added[1], rejected, rejected == 0 ? null : rejectPath);
    }

    /** A row that cannot be an item, with the column at fault. */
    private static final class Refused extends RuntimeException {
        final transient ParsedRow.Problem problem;

        Refused(String column, String key, Object... args) {
            super(key, null, false, false);
            this.problem = new ParsedRow.Problem(column, key, args);
        }
    }

    private static ContentItem item(SourceRow row, Map<String, Integer> at, List<String> header) {
        String title = cell(row, at, "title");
        if (title == null) {
            throw new Refused(header.get(at.get("title")), "content.reject.noTitle");
        }
        String key = cell(row, at, "key");
        if (key == null) {
            key = slug(title);
        }
        String kind = cell(row, at, "kind");
        kind = kind == null ? "news" : kindOf(kind, column(header, at, "kind"));
        List<ContentItem.Reference> refs = new ArrayList<>();
        list(cell(row, at, "campaigns")).forEach(v -> refs.add(new ContentItem.Reference(ContentItem.Reference.CAMPAIGN, v)));
        list(cell(row, at, "references")).forEach(v -> refs.add(new ContentItem.Reference(ContentItem.Reference.REFERENCE, v)));
        return new ContentItem(null, key, kind, title, cell(row, at, "summary"), cell(row, at, "url"),
                cell(row, at, "language"), bool(cell(row, at, "commercial"), true, column(header, at, "commercial")),
                bool(cell(row, at, "repeatable"), !"event".equals(kind), column(header, at, "repeatable")),
                date(cell(row, at, "starts_on"), column(header, at, "starts_on")),
                date(cell(row, at, "ends_on"), column(header, at, "ends_on")),
                list(cell(row, at, "topics")).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList(),
                list(cell(row, at, "tags")), list(cell(row, at, "channels")).stream()
                        .map(t -> t.toLowerCase(Locale.ROOT)).toList(), refs, false);
    }

    private static String column(List<String> header, Map<String, Integer> at, String name) {
        Integer i = at.get(name);
        return i == null ? name : header.get(i);
    }

    private static String cell(SourceRow row, Map<String, Integer> at, String name) {
        Integer i = at.get(name);
        if (i == null || i >= row.cells().size()) {
            return null;
        }
        String v = row.cells().get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String normal(String header) {
        String folded = TextKeys.fold(header);
        return folded == null ? "" : folded.replace(' ', '_').replace('-', '_');
    }

    /** A kind in English or Spanish. */
    private static String kindOf(String value, String column) {
        String v = TextKeys.fold(value);
        Map<String, String> spanish = Map.of("noticia", "news", "causa", "cause", "llamamiento", "appeal",
                "campana", "appeal", "evento", "event", "voluntariado", "volunteering", "producto", "product",
                "oferta", "offer");
        String kind = ContentItem.KINDS.contains(v) ? v : spanish.get(v);
        if (kind == null) {
            throw new Refused(column, "content.reject.kind", value, String.join(", ", ContentItem.KINDS));
        }
        return kind;
    }

    private static boolean bool(String value, boolean otherwise, String column) {
        if (value == null) {
            return otherwise;
        }
        String v = TextKeys.fold(value);
        if (List.of("true", "yes", "si", "1", "x", "y", "s").contains(v)) {
            return true;
        }
        if (List.of("false", "no", "0", "n").contains(v)) {
            return false;
        }
        throw new Refused(column, "content.reject.bool", value);
    }

    private static LocalDate date(String value, String column) {
        if (value == null) {
            return null;
        }
        for (DateTimeFormatter f : List.of(DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ofPattern("d/M/uuuu"),
                DateTimeFormatter.ofPattern("d-M-uuuu"), DateTimeFormatter.ofPattern("d.M.uuuu"))) {
            try {
                return LocalDate.parse(value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value, f);
            } catch (DateTimeParseException next) {
                // the next form
            }
        }
        throw new Refused(column, "content.reject.date", value);
    }

    static List<String> list(String cell) {
        if (cell == null) {
            return List.of();
        }
        String separator = cell.contains("|") ? "\\|" : cell.contains(";") ? ";" : ",";
        return Arrays.stream(cell.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** A key from a title: "Winter appeal 2026" → "winter-appeal-2026". */
    public static String slug(String title) {
        String folded = TextKeys.fold(title);
        String slug = folded.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 100 ? slug.substring(0, 100) : slug.isEmpty() ? "item" : slug;
    }
}
