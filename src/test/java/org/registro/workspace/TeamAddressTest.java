package org.registro.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.registro.common.RegistroException;

class TeamAddressTest {

    @Test
    void anAddressNamesUserServerPortDatabaseAndSchemaWithDefaults() {
        TeamAddress full = TeamAddress.parse("postgresql://ana@db.example.org:5433/ngo?schema=madrid");
        assertThat(full).isEqualTo(new TeamAddress("ana", "db.example.org", 5433, "ngo", "madrid"));
        assertThat(full).hasToString("postgresql://ana@db.example.org:5433/ngo?schema=madrid");

        TeamAddress plain = TeamAddress.parse("postgres://ana@localhost/ngo");
        assertThat(plain.port()).isEqualTo(5432);
        assertThat(plain.schema()).isEqualTo("public");
        assertThat(plain).hasToString("postgresql://ana@localhost/ngo");
        assertThat(TeamAddress.parse(plain.toString())).isEqualTo(plain);

        assertThat(TeamAddress.parse("postgresql://localhost/ngo").user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void aFolderIsNotAnAddressAndABrokenAddressSaysHowToWriteIt() {
        assertThat(TeamAddress.isAddress("/home/ana/Registro/Sol")).isFalse();
        assertThat(TeamAddress.isAddress("C:\\Users\\ana\\Registro")).isFalse();
        assertThat(TeamAddress.isAddress(" PostgreSQL://ana@h/db")).isTrue();
        for (String bad : new String[] {"postgresql://ana@host", "postgresql://ana@host/a/b",
                "postgresql://ana@host/db?sslmode=require", "postgresql://ana@host/db?schema=drop;table"}) {
            assertThatThrownBy(() -> TeamAddress.parse(bad)).as(bad).isInstanceOf(RegistroException.class)
                    .hasMessageContaining("postgresql://user@host:port/database");
        }
    }

    @Test
    void aPasswordInTheAddressIsRefusedAndNotRepeated() {
        assertThatThrownBy(() -> TeamAddress.parse("postgresql://ana:s3cret@host/db"))
                .isInstanceOf(RegistroException.class)
                .hasMessageContaining("--password-file")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void eachUserAndWorkspaceHasItsOwnLocalFolder() {
        TeamAddress ana = TeamAddress.parse("postgresql://ana@host/ngo");
        TeamAddress bea = TeamAddress.parse("postgresql://bea@host/ngo");
        TeamAddress other = TeamAddress.parse("postgresql://ana@host/ngo?schema=shop");
        assertThat(ana.localFolder()).isNotEqualTo(bea.localFolder()).isNotEqualTo(other.localFolder());
        assertThat(ana.localFolder().getParent()).isEqualTo(UserSettings.home().resolve("team"));
    }
}
