package org.registro.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.registro.common.Json;
import org.registro.common.Progress;
import org.registro.common.RegistroException;
import org.registro.workspace.AuditLog;
import org.registro.workspace.NewWorkspace;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/**
 * The demo workspaces shipped with Registro, built from realistic source files through the same import
 * pipeline a user's files go through. Their files are copied into the workspace's {@code sources} folder, so
 * a marketer can open them next to the result.
 */
public final class SampleWorkspaces {

    public static final List<String> CODES = List.of("spanish-ngo", "danish-shop");
    private static final String ROOT = "/org/registro/samples/";

    /** One file to import, in order. */
    public record SampleFile(String file, String sheet, String source, String party) {
    }

    /** What a sample is: its workspace's name and region, and the files it is built from. */
    /**
     * What a sample is: its workspace's name and region, the files it is built from, and the day those files
     * describe ({@code datesAsOf}); their dates are moved to the day the sample is built.
     */
    public record Sample(String name, String region, String description, java.time.LocalDate datesAsOf,
                         List<SampleFile> files, String content) {
    }

    /** The file of a sample's content library, copied into the workspace's sources (dates moved like the rest). */
    public static Optional<Path> contentFile(Path folder, String code) {
        Sample sample = describe(code);
        return sample.content() == null ? Optional.empty() : Optional.of(folder.resolve("sources")
                .resolve(sample.content()));
    }

    private SampleWorkspaces() {
    }

    public static Sample describe(String code) {
        if (!CODES.contains(code)) {
            throw new RegistroException("error.sample.unknown", code, String.join(", ", CODES));
        }
        try (InputStream in = SampleWorkspaces.class.getResourceAsStream(ROOT + code + "/sample.json")) {
            if (in == null) {
                throw new RegistroException("error.sample.unknown", code, String.join(", ", CODES));
            }
            return Json.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), Sample.class);
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.read", code, e.getMessage());
        }
    }

    /**
     * Creates a new workspace in {@code folder} and imports the sample's files into it, each as its own
     * batch. Returns the open workspace.
     */
    public static Workspace build(String code, Path folder, WorkspaceService workspaces, Clock clock, String actor,
                                  Progress progress) {
        return build(code, folder, workspaces, clock, actor, progress, describe(code).files().size());
    }

    /**
     * As {@link #build(String, Path, WorkspaceService, Clock, String, Progress)}, each file one of {@code steps}
     * steps of the progress, named after the source it stands for ("Importing Mailchimp audience (2 of 7)").
     */
    public static Workspace build(String code, Path folder, WorkspaceService workspaces, Clock clock, String actor,
                                  Progress progress, int steps) {
        Sample sample = describe(code);
        Workspace workspace = workspaces.create(folder, new NewWorkspace(sample.name(), sample.region(), null));
        try {
            Path sources = folder.resolve("sources");
            Files.createDirectories(sources);
            ImportService imports = new ImportService(workspace, new AuditLog(clock, actor));
            SampleDates dates = new SampleDates(sample.datesAsOf(), java.time.LocalDate.now(clock));
            int done = 0;
            for (SampleFile f : sample.files()) {
                progress.checkCancelled();
                Progress step = progress.step(done, steps, org.registro.common.Messages.get("sample.step.import",
                        f.source(), done + 1, sample.files().size()));
                done++;
                Path file = sources.resolve(f.file());
                try (InputStream in = SampleWorkspaces.class.getResourceAsStream(ROOT + code + "/" + f.file())) {
                    if (in == null) {
                        throw new RegistroException("error.sample.unknown", code + "/" + f.file(), code);
                    }
                    dates.copy(in, file, f.file());
                }
                imports.importAsPlanned(file, new SourceFile.Options(null, null, f.sheet(), 1), null, f.source(),
                        f.party(), step);
            }
            if (sample.content() != null) {
                // imported by the content library (which reads files through this package), after the activity
                try (InputStream in = SampleWorkspaces.class.getResourceAsStream(ROOT + code + "/" + sample.content())) {
                    if (in == null) {
                        throw new RegistroException("error.sample.unknown", code + "/" + sample.content(), code);
                    }
                    dates.copy(in, sources.resolve(sample.content()), sample.content());
                }
            }
            return workspace;
        } catch (IOException e) {
            workspace.close();
            throw new RegistroException(e, "error.file.write", folder.toString(), e.getMessage());
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }
}
