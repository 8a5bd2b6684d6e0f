package org.registro.testutil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.registro.common.Progress;
import org.registro.ingest.ImportRecords;
import org.registro.ingest.ImportService;
import org.registro.ingest.SourceFile;
import org.registro.wiring.Session;
import org.registro.workspace.Workspace;
import org.registro.workspace.WorkspaceService;

/** A fresh Spanish workspace with its services, and files written and imported as a user would. */
public final class ImportFixture implements AutoCloseable {

    private final Path dir;
    private final TestClock clock;
    private final Session session;

    public ImportFixture(Path dir, TestClock clock) {
        this.dir = dir;
        this.clock = clock;
        Workspace workspace = TestWorkspaces.create(dir, clock);
        this.session = Session.open(workspace, new WorkspaceService(clock), "tester");
    }

    public Workspace workspace() {
        return session.workspace();
    }

    public Session session() {
        return session;
    }

    public ImportService imports() {
        return session.imports();
    }

    public TestClock clock() {
        return clock;
    }

    /** Writes {@code content} as UTF-8 to a file named {@code name} in the test's folder. */
    public Path file(String name, String content) throws java.io.IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Writes the file and imports it as planned (preset detected, source named after the file). */
    public ImportRecords.Summary importText(String name, String content) throws java.io.IOException {
        return imports().importAsPlanned(file(name, content), SourceFile.Options.detect(), null, null, "first",
                Progress.NONE);
    }

    @Override
    public void close() {
        session.close();
    }
}
