package org.registro.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.registro.common.Json;
import picocli.CommandLine.Model.CommandSpec;

/** Writes command results: JSON with --json, otherwise aligned text for people. */
final class Output {

    private final PrintWriter out;
    private final boolean json;

    Output(CommandSpec spec, boolean json) {
        this.out = spec.commandLine().getOut();
        this.json = json;
    }

    boolean json() {
        return json;
    }

    void json(Object value) {
        out.println(Json.writePretty(value));
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A table with a header row, columns padded to their widest cell. */
    void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], cell(row.get(c)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = cell(row.get(c));
                line.append(cell);
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static String cell(String text) {
        return text == null ? "" : text;
    }
}
