package org.registro.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The cells of a written list, kept so that the list can be written again exactly: gzip of one JSON array per line,
 * the header first. A line can be blanked (written as {@code null}) without moving the others, which is how an
 * erased person leaves every earlier list.
 */
public final class RowArchive {

    private static final TypeReference<List<String>> CELLS = new TypeReference<>() {
    };

    private RowArchive() {
    }

    /** Collects lines as they are written. */
    public static final class Builder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        private final Writer out;
        private final JsonGenerator json;

        public Builder() {
            try {
                out = new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8);
                json = Json.MAPPER.getFactory().createGenerator(out)
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void add(List<String> cells) {
            try {
                json.writeStartArray();
                for (String cell : cells) {
                    json.writeString(cell);
                }
                json.writeEndArray();
                json.writeRaw('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void blankLine() {
            try {
                json.writeRaw("null\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public byte[] finish() {
            try {
                json.close();
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** Reads every line in order; a blanked line arrives as {@code null}. */
    public static void read(byte[] archive, Consumer<List<String>> line) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(archive)), StandardCharsets.UTF_8))) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line.accept("null".equals(text) ? null : Json.MAPPER.readValue(text, CELLS));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The archive with the given lines (0 is the header) blanked. */
    public static byte[] blank(byte[] archive, Set<Integer> lines) {
        List<List<String>> all = new ArrayList<>();
        read(archive, all::add);
        Builder builder = new Builder();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == null || lines.contains(i)) {
                builder.blankLine();
            } else {
                builder.add(all.get(i));
            }
        }
        return builder.finish();
    }
}
