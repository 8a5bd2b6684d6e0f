package org.registro;

import java.time.Clock;
import org.registro.cli.RegistroCommand;

/**
 * Starts Registro: the desktop app without arguments (or with only {@code --workspace DIR}, or
 * {@code --sample [NAME]} to open a sample workspace), the
 * command line otherwise. A plain class, not a JavaFX Application, so the jar runs from the classpath.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        boolean app = args.length == 0 || (args.length == 2 && args[0].equals("--workspace"))
                || (args.length <= 2 && args.length > 0 && args[0].equals("--sample"));
        if (app) {
            org.registro.app.RegistroApp.launchApp(args);
            return;
        }
        System.exit(RegistroCommand.run(Clock.systemDefaultZone(), args));
    }
}
