package org.registro.app;

import java.lang.management.ManagementFactory;

/**
 * With {@code -Dregistro.measureStart=FILE} the app writes to the file how many milliseconds after its JVM started
 * the window showed Home and Home's figures were drawn, then exits ({@code bench --start} reads it).
 */
public final class StartTiming {

    public static final String PROPERTY = "registro.measureStart";
    public static final String SHELL = "registro-start-shell-ms ";
    public static final String HOME = "registro-start-home-ms ";

    private StartTiming() {
    }

    public static void trace(String label) {
        if (measuring()) {
            report(label);
        }
    }

    static boolean measuring() {
        return System.getProperty(PROPERTY) != null;
    }

    /** Adds how long since the JVM started, under {@code label}, to the file. */
    static void report(String label) {
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(PROPERTY)), label + ms + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
