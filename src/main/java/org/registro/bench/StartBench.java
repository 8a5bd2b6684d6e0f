package org.registro.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.registro.app.StartTiming;
import org.registro.common.Progress;
import org.registro.wiring.Samples;
import org.registro.workspace.WorkspaceService;

/**
 * How long the desktop app takes to start on the Spanish sample: a new JVM each time, from its start to the
 * window showing Home (usable) and to Home's figures drawn. The first start is cold (the files not yet in the
 * operating system's cache); the median of the next ones is the warm start the target speaks of. Needs a
 * display: {@code xvfb-run -a java -jar target/registro.jar bench --start}.
 */
public final class StartBench {

    private static final int WARM_RUNS = 5;

    private final Path scratch;
    private final Clock clock;
    private final Consumer<String> log;
    private final Path launcher;

    /** @param launcher an installed app's launcher to start instead of this JVM's class path, or null */
    public StartBench(Path scratch, Clock clock, Path launcher, Consumer<String> log) {
        this.scratch = scratch;
        this.clock = clock;
        this.launcher = launcher;
        this.log = log;
    }

    public List<BenchResult> run() throws Exception {
        if (System.getenv("DISPLAY") == null && !System.getProperty("os.name", "").startsWith("Windows")
                && !System.getProperty("os.name", "").startsWith("Mac")) {
            throw new IllegalStateException("the start benchmark needs a display: run it under xvfb-run -a");
        }
        Path workspace = scratch.resolve("sample");
        log.accept("building the Spanish sample");
        Samples.build("spanish-ngo", workspace, new WorkspaceService(clock), clock, "bench", Progress.NONE).close();
        long[] cold = start(workspace);
        List<Long> shell = new ArrayList<>();
        List<Long> home = new ArrayList<>();
        for (int i = 0; i < WARM_RUNS; i++) {
            log.accept("warm start " + (i + 1) + " of " + WARM_RUNS);
            long[] t = start(workspace);
            shell.add(t[0]);
            home.add(t[1]);
        }
        double warmShell = median(shell);
        double warmHome = median(home);
        String size = (launcher != null ? "installed app, " : "") + "Spanish sample, " + WARM_RUNS + " warm starts";
        return List.of(
                new BenchResult("first start (cold): window showing Home", "Spanish sample", cold[0], null, 0, "", null),
                new BenchResult("warm start: window usable (Home shown), median", size, warmShell, null, 0, "≤ 3 s",
                        warmShell <= 3000),
                new BenchResult("warm start: Home's figures drawn, median", size, warmHome, null, 0, "", null));
    }

    /** Starts the app in a new JVM on the workspace; {ms to the shell, ms to Home's figures}. */
    private long[] start(Path workspace) throws Exception {
        Path report = java.nio.file.Files.createTempFile(scratch, "start", ".txt");
        java.nio.file.Files.delete(report);
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> options = List.of("-D" + StartTiming.PROPERTY + "=" + report, "-Dprism.order=sw",
                "-Dregistro.home=" + scratch.resolve("home"));
        ProcessBuilder builder;
        if (launcher != null) {
            builder = new ProcessBuilder(launcher.toString(), "--workspace", workspace.toString());
            builder.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", options));
        } else {
            List<String> command = new ArrayList<>(List.of(javaCommand));
            command.addAll(options);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.registro.Main", "--workspace",
                    workspace.toString()));
            builder = new ProcessBuilder(command);
        }
        Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        long shell = -1;
        long home = -1;
        if (java.nio.file.Files.exists(report)) {
            for (String line : java.nio.file.Files.readAllLines(report, StandardCharsets.UTF_8)) {
                if (line.startsWith(StartTiming.SHELL) && shell < 0) {
                    shell = Long.parseLong(line.substring(StartTiming.SHELL.length()).strip());
                } else if (line.startsWith(StartTiming.HOME) && home < 0) {
                    home = Long.parseLong(line.substring(StartTiming.HOME.length()).strip());
                }
            }
        }
        if (shell < 0 || home < 0) {
            throw new IllegalStateException("the app did not report its start (exit " + process.exitValue() + ")");
        }
        return new long[] {shell, home};
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
