package org.registro.app;

import java.lang.management.ManagementFactory;

/**
 * With {@code -Dregistro.measureStart=true} the app says, on standard output, how many milliseconds after its JVM
 * started the window showed Home and Home's figures were drawn, then exits ({@code bench --start} reads it).
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
        return Boolean.getBoolean(PROPERTY);
    }

    /** Prints how long since the JVM started, under {@code label}. */
    static void report(String label) {
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(label + ms);
        System.out.flush();
    }
}
