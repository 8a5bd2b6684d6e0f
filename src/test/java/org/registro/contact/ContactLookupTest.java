package org.registro.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.testutil.TestClock;
import org.registro.testutil.TestWorkspaces;
import org.registro.workspace.Workspace;

class ContactLookupTest {

    @TempDir
    Path tmp;

    @Test
    void peopleAreFoundByIdIdentifierOrNameAndNamesakesAreAllOffered() {
        try (Workspace ws = TestWorkspaces.create(tmp, TestClock.at("2026-03-01T10:00:00Z"))) {
            ContactService contacts = TestWorkspaces.contacts(ws);
            long ana = contacts.create(ContactDraft.of("Ana", "Ruiz", "ana@example.org"));
            long other = contacts.create(ContactDraft.of("Ana María", "Ruiz Gil", "anamaria@example.org"));
            contacts.create(ContactDraft.of("Luis", "García", "luis@example.org"));
            var dsl = ws.dsl();

            assertThat(ContactLookup.find(dsl, "#" + ana, 20)).extracting(ContactLookup.Candidate::id)
                    .containsExactly(ana);
            assertThat(ContactLookup.find(dsl, "ANA@example.org", 20)).extracting(ContactLookup.Candidate::id)
                    .containsExactly(ana);
            assertThat(ContactLookup.find(dsl, "Ana Ruiz", 20)).extracting(ContactLookup.Candidate::id)
                    .containsExactlyInAnyOrder(ana, other);
            assertThat(ContactLookup.find(dsl, "ruiz gil", 20)).extracting(ContactLookup.Candidate::id)
                    .containsExactly(other);
            assertThat(ContactLookup.find(dsl, "garcia", 20)).extracting(ContactLookup.Candidate::name)
                    .containsExactly("Luis García");
            assertThat(ContactLookup.find(dsl, "Nadie", 20)).isEmpty();
        }
    }
}
