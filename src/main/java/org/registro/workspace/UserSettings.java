package org.registro.workspace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.registro.common.Json;

/**
 * Per-user preferences kept outside any workspace: recent workspaces, theme and language.
 * Stored as JSON in the Registro home folder ({@code ~/.registro}, or {@code -Dregistro.home}).
 */
public final class UserSettings {

    public static final int MAX_RECENT = 10;

    private final Path file;
    private Data data;

    /** The persisted part. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Data {
        public List<String> recent = new ArrayList<>();
        public String theme = "light";
        /** "system", "en" or "es". */
        public String language = "system";
        /** The window's size when last closed (null: never), and whether it was maximized. */
        public Double windowWidth;
        public Double windowHeight;
        public Boolean maximized;
        /** The area shown last, opened again when the app starts. */
        public String lastArea;
        /** The contacts table's optional columns shown (null: never chosen, the default ones). */
        public List<String> contactColumns;
        /** The names of recent team workspaces, by address (their name lives on the server). */
        public java.util.Map<String, String> teamNames = new java.util.LinkedHashMap<>();
    }

    public UserSettings(Path file) {
        this.file = file;
        this.data = load(file);
    }

    /** The settings of the current user in {@code -Dregistro.home} or {@code ~/.registro}. */
    public static UserSettings forCurrentUser() {
        return new UserSettings(home().resolve("settings.json"));
    }

    public static Path home() {
        String configured = System.getProperty("registro.home");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".registro");
    }

    private static Data load(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Data();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), Data.class);
        } catch (IOException e) {
            // A damaged settings file must not stop the app: start from defaults and overwrite it on save.
            return new Data();
        }
    }

    /** The recent workspaces in folders, last opened first. */
    public synchronized List<Path> recentWorkspaces() {
        return data.recent.stream().filter(r -> !TeamAddress.isAddress(r)).map(Path::of).toList();
    }

    /** The name a recent team workspace had when last opened; null when unknown. */
    public synchronized String teamName(String address) {
        return data.teamNames.get(address);
    }

    /** Every recent workspace as the user names it — a folder or a team workspace's address — last opened first. */
    public synchronized List<String> recentEntries() {
        return List.copyOf(data.recent);
    }

    /** Puts a team workspace's address first in the recent list, remembering its name for the list. */
    public synchronized void addRecent(TeamAddress address, String name) {
        String key = address.toString();
        data.teamNames.put(key, name);
        data.recent.remove(key);
        data.recent.add(0, key);
        while (data.recent.size() > MAX_RECENT) {
            data.recent.remove(data.recent.size() - 1);
        }
        data.teamNames.keySet().retainAll(data.recent);
        save();
    }

    /** Puts {@code folder} first in the recent list. */
    public synchronized void addRecent(Path folder) {
        String key = folder.toAbsolutePath().normalize().toString();
        data.recent.remove(key);
        data.recent.add(0, key);
        while (data.recent.size() > MAX_RECENT) {
            data.recent.remove(data.recent.size() - 1);
        }
        save();
    }

    public synchronized void removeRecent(Path folder) {
        data.recent.remove(folder.toAbsolutePath().normalize().toString());
        save();
    }

    public synchronized String theme() {
        return data.theme;
    }

    public synchronized void setTheme(String theme) {
        data.theme = theme;
        save();
    }

    public synchronized String language() {
        return data.language;
    }

    public synchronized void setLanguage(String language) {
        data.language = language;
        save();
    }

    /** The window's size when last closed: {width, height}, or null when never saved. */
    public synchronized double[] windowSize() {
        return data.windowWidth == null || data.windowHeight == null ? null
                : new double[] {data.windowWidth, data.windowHeight};
    }

    /** Whether the window was maximized when last closed; null when never saved. */
    public synchronized Boolean maximized() {
        return data.maximized;
    }

    public synchronized void setWindow(double width, double height, boolean maximized) {
        data.windowWidth = width;
        data.windowHeight = height;
        data.maximized = maximized;
        save();
    }

    public synchronized String lastArea() {
        return data.lastArea;
    }

    public synchronized void setLastArea(String area) {
        if (!java.util.Objects.equals(area, data.lastArea)) {
            data.lastArea = area;
            save();
        }
    }

    /** The contacts table's optional columns the user chose to show; null when never chosen. */
    public synchronized List<String> contactColumns() {
        return data.contactColumns == null ? null : List.copyOf(data.contactColumns);
    }

    /** Remembers the columns shown; null goes back to the default ones. */
    public synchronized void setContactColumns(List<String> columns) {
        data.contactColumns = columns == null ? null : new ArrayList<>(columns);
        save();
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), data);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Preferences are a convenience; failing to save them must not fail the user's action.
        }
    }
}
