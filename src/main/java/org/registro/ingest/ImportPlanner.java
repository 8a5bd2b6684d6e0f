package org.registro.ingest;

import static org.registro.db.Tables.SOURCE;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.ingest.ImportRecords.Plan;

/** Proposes how to import a file: its preset, its mapping (the one saved with the source when it fits) and a preview. */
final class ImportPlanner {

    private final ImportService service;

    ImportPlanner(ImportService service) {
        this.service = service;
    }


    /**
     * Reads the start of a file and proposes how to import it: the preset (detected unless {@code presetCode}
     * names one), the mapping (the one saved with the source when its columns match), and a preview.
     */
    Plan plan(Path file, SourceFile.Options options, String presetCode, String sourceName, Progress progress) {
        SourceFile.Description description = SourceFile.describe(file, options, ImportService.SAMPLE_ROWS, progress);
        if (description.header().isEmpty()) {
            throw new RegistroException("error.import.empty", file.getFileName().toString());
        }
        String fileName = file.getFileName().toString();
        boolean auto = presetCode == null || presetCode.isBlank() || presetCode.equalsIgnoreCase("auto");
        Preset preset = auto ? Presets.detect(description.header(), fileName)
                : Presets.byCode(presetCode).orElseThrow(() -> new RegistroException("error.import.unknownPreset",
                        presetCode, String.join(", ", Presets.all().stream().map(Preset::code).toList())));
        String source = sourceName == null || sourceName.isBlank() ? suggestSourceName(preset, fileName) : sourceName;
        ImportMapping mapping = preset.mapping(description.header(), fileName);
        boolean saved = false;
        Optional<ImportMapping> remembered = savedMapping(source);
        // The mapping saved with the source wins over a detected preset, not over one the user chose.
        if (auto && remembered.isPresent() && sameColumns(remembered.get(), description.header())) {
            ImportMapping previous = remembered.get();
            // The file-name status of Mailchimp exports belongs to each file, not to the source.
            mapping = previous.withListConsent("mailchimp".equals(previous.preset())
                    ? Presets.mailchimpStatus(fileName) : previous.listConsent());
            saved = true;
        }
        if (!saved) { // a mapping the user saved is theirs; otherwise the values speak for unknown headers
            mapping = ValueSuggestions.fill(mapping, description.header(), description.sample(),
                    service.workspace().defaultRegion(), Presets.GENERIC.equals(mapping.preset()));
        }
        String party = service.workspace().dsl().select(SOURCE.DATA_PARTY).from(SOURCE).where(SOURCE.NAME.eq(source))
                .fetchOptional(SOURCE.DATA_PARTY).orElse("first");
        List<ParsedRow> preview = preview(description, mapping, source);
        String hash = ImportService.contentHash(file);
        String dataInHeader = options.headerRow() == SourceFile.Options.NO_HEADER ? null
                : looksLikeData(description.header());
        return new Plan(file, description, preset, mapping, saved, source, party, preview, service.previousImport(hash), hash,
                dataInHeader);
    }

    /** The first header cell that reads as data rather than a column name, or null. */
    static String looksLikeData(List<String> header) {
        DateColumn dates = DateColumn.decide(header, true);
        for (String cell : header) {
            String text = cell == null ? "" : cell.strip();
            if (text.isEmpty()) {
                continue;
            }
            boolean email = org.registro.contact.Emails.isValid(text);
            boolean number = text.matches("[+]?[\\d\\s().,/-]{4,}") && text.replaceAll("\\D", "").length() >= 4;
            if (email || number || dates.parse(text).isPresent()) {
                return text;
            }
        }
        return null;
    }

    /** The first rows as they would be imported under {@code mapping}. */
    List<ParsedRow> preview(SourceFile.Description description, ImportMapping mapping, String sourceName) {
        RowReader reader = new RowReader(description.header(), mapping, description.sample(),
                service.workspace().defaultRegion(), sourceName);
        return description.sample().stream().limit(ImportService.PREVIEW_ROWS).map(reader::read).toList();
    }

    static String suggestSourceName(Preset preset, String fileName) {
        if (!Presets.GENERIC.equals(preset.code())) {
            return preset.system();
        }
        String stem = fileName.replaceFirst("\\.[^.]+$", "").replace('_', ' ').strip();
        return stem.isEmpty() ? fileName : Character.toUpperCase(stem.charAt(0)) + stem.substring(1);
    }

    private Optional<ImportMapping> savedMapping(String sourceName) {
        return service.workspace().dsl().select(SOURCE.MAPPING_JSON).from(SOURCE).where(SOURCE.NAME.eq(sourceName))
                .fetchOptional(SOURCE.MAPPING_JSON)
                .filter(json -> json != null && !json.isBlank())
                .map(json -> Json.read(json, ImportMapping.class));
    }

    private static boolean sameColumns(ImportMapping mapping, List<String> header) {
        return mapping.columns().stream().map(ColumnMapping::column).toList().equals(header);
    }
}
