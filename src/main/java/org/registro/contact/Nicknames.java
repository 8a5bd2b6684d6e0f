package org.registro.contact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.registro.common.TextKeys;

/**
 * Diminutives and nicknames in Spanish, English and Danish (Pepe = José, Bob = Robert, Grethe =
 * Margrethe), read from {@code nicknames.tsv}. Lookups fold case and accents.
 */
public final class Nicknames {

    private static final Nicknames DEFAULT = load();

    private final Map<String, List<String>> nicknamesByFormal;
    private final Map<String, Set<String>> groupsByName;

    private Nicknames(Map<String, List<String>> nicknamesByFormal, Map<String, Set<String>> groupsByName) {
        this.nicknamesByFormal = nicknamesByFormal;
        this.groupsByName = groupsByName;
    }

    public static Nicknames defaults() {
        return DEFAULT;
    }

    private static Nicknames load() {
        Map<String, List<String>> byFormal = new HashMap<>();
        Map<String, Set<String>> groups = new HashMap<>();
        try (InputStream in = Nicknames.class.getResourceAsStream("nicknames.tsv")) {
            if (in == null) {
                throw new IllegalStateException("nicknames.tsv is missing from the classpath");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                String formal = parts[0].strip();
                List<String> nicks = new ArrayList<>();
                for (String nick : parts[1].split(",")) {
                    nicks.add(nick.strip());
                }
                byFormal.computeIfAbsent(TextKeys.fold(formal), k -> new ArrayList<>()).addAll(nicks);
                for (String nick : nicks) {
                    groups.computeIfAbsent(TextKeys.fold(nick), k -> new LinkedHashSet<>()).add(TextKeys.fold(formal));
                    groups.computeIfAbsent(TextKeys.fold(formal), k -> new LinkedHashSet<>()).add(TextKeys.fold(nick));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Nicknames(byFormal, groups);
    }

    /** The nicknames of a formal first name ("José" gives Pepe, Pepito, Chema); empty when none are known. */
    public List<String> nicknamesOf(String firstName) {
        String key = TextKeys.fold(firstName);
        return key == null ? List.of() : Collections.unmodifiableList(nicknamesByFormal.getOrDefault(key, List.of()));
    }

    /** True when the name is a first name the table knows, formal or nickname ("Cristina", "Bea"). */
    public boolean isKnownFirstName(String name) {
        String key = TextKeys.fold(name);
        return key != null && (nicknamesByFormal.containsKey(key) || groupsByName.containsKey(key));
    }

    /** True when {@code nickname} is a known nickname of the formal name {@code formal} ("Bea" of "Beatriz"). */
    public boolean isNicknameOf(String nickname, String formal) {
        String key = TextKeys.fold(nickname);
        return key != null && nicknamesOf(formal).stream().anyMatch(n -> key.equals(TextKeys.fold(n)));
    }

    /**
     * True when one name is a known nickname of the other ("Pepe" and "José"), in either direction, or both are
     * nicknames of one name ("Pepe" and "Pepito").
     */
    public boolean areVariants(String a, String b) {
        String ka = TextKeys.fold(a);
        String kb = TextKeys.fold(b);
        return ka != null && kb != null && areFoldedVariants(ka, kb);
    }

    /** {@link #areVariants} for names already folded ({@link TextKeys#fold}), as a scan compares them. */
    public boolean areFoldedVariants(String ka, String kb) {
        Set<String> groupA = groupsByName.getOrDefault(ka, Set.of());
        if (groupA.contains(kb)) {
            return true;
        }
        for (String name : groupsByName.getOrDefault(kb, Set.of())) {
            if (groupA.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
