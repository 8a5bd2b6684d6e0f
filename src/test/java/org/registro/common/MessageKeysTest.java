package org.registro.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every text the code asks for by a literal key is there in English and in Spanish, and nothing is in one only. */
class MessageKeysTest {

    private static final Pattern LITERAL_KEY = Pattern.compile(
            "(?:I18n\\.t|Messages\\.get|Messages\\.getOr|Phrase\\.of)\\(\\s*\"([a-zA-Z0-9_.-]+)\""
                    + "|new RegistroException\\((?:[a-z]+, )?\"([a-zA-Z0-9_.-]+)\""
                    // the audit log's phrases, also where a condition picks one of two keys
                    + "|\"(audit\\.[a-zA-Z0-9_.-]+)\"");

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageKeysTest.class.getResourceAsStream("/org/registro/i18n/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyLiteralKeyInTheCodeExistsInBothLanguagesAndTheBundlesAgree() throws IOException {
        Properties en = bundle("messages.properties");
        Properties es = bundle("messages_es.properties");
        assertThat(es.stringPropertyNames()).isEqualTo(en.stringPropertyNames());

        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL_KEY.matcher(Files.readString(file));
                while (m.find()) {
                    String key = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    if (!key.endsWith(".")) { // a prefix the code completes ("channel." + code)
                        used.add(key);
                    }
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(400);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(en.stringPropertyNames());
        assertThat(missing).as("keys the code uses that messages.properties lacks").isEmpty();
    }
}
