package org.registro.workspace;

import java.util.Locale;
import java.util.Objects;

/**
 * What the user chooses when creating a workspace.
 *
 * @param name          shown in the window title and the recent list
 * @param defaultRegion ISO 3166 code phones without a country prefix are read in, e.g. "ES"
 * @param password      the encryption password, or null for an unencrypted workspace
 */
public record NewWorkspace(String name, String defaultRegion, char[] password) {
    public NewWorkspace {
        Objects.requireNonNull(name, "name");
        defaultRegion = defaultRegion == null || defaultRegion.isBlank()
                ? "ES" : defaultRegion.strip().toUpperCase(Locale.ROOT);
    }

    public boolean encrypted() {
        return password != null && password.length > 0;
    }
}
