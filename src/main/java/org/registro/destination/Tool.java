package org.registro.destination;

import java.util.Arrays;
import java.util.Optional;

/** The email tools a destination can be: the tools whose lists Registro exports and whose exports it imports. */
public enum Tool {
    MAILCHIMP("mailchimp", "Mailchimp"),
    BREVO("brevo", "Brevo"),
    MAILJET("mailjet", "Mailjet"),
    LISTMONK("listmonk", "listmonk");

    private final String code;
    private final String label;

    Tool(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Tool> byCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equalsIgnoreCase(code)).findFirst();
    }
}
