package org.registro.ingest;

import java.util.List;

/**
 * An export format of a real tool: how to recognise its file and how its columns map.
 *
 * @param code   stable name used in saved mappings and on the command line ("mailchimp")
 * @param system the tool's name as people know it ("Mailchimp")
 */
public record Preset(String code, String system, Detector detector, Mapper mapper) {

    /** How sure the preset is that it wrote these headers: 0 for not at all. */
    @FunctionalInterface
    public interface Detector {
        int score(List<String> headers, String fileName);
    }

    @FunctionalInterface
    public interface Mapper {
        ImportMapping map(List<String> headers, String fileName);
    }

    public ImportMapping mapping(List<String> headers, String fileName) {
        return mapper.map(headers, fileName);
    }
}
