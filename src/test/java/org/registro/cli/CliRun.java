package org.registro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import org.registro.common.Json;
import picocli.CommandLine;

/** Runs the command line as a user would and keeps what it printed, for the CLI tests. */
final class CliRun {

    /** What one command printed and returned. */
    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    private CliRun() {
    }

    static Run run(Clock clock, String... args) {
        CommandLine cli = RegistroCommand.commandLine(clock);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
