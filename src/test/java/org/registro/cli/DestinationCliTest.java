package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class DestinationCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-11-02T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void aWithdrawalImportedFromMailchimpIsWrittenForBrevoInItsBlocklistFileAndThenNothingIsPending()
            throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        String ana = run("--workspace", ws, "contacts", "add", "--first-name", "Ana", "--email", "ana@example.org",
                "--json").json().get("id").asText();
        run("--workspace", ws, "consent", "grant", "--contact", ana, "--channel", "email", "--at", "2025-01-10");
        assertThat(run("--workspace", ws, "destination", "add", "Mailchimp", "--tool", "mailchimp").code()).isZero();
        JsonNode brevo = run("--workspace", ws, "destination", "add", "Brevo", "--tool", "brevo", "--json").json();
        assertThat(brevo.get("tool").asText()).isEqualTo("BREVO");
        for (String[] d : new String[][] {{"Mailchimp", "mailchimp"}, {"Brevo", "brevo"}}) {
            Run export = run("--workspace", ws, "export", "--format", d[1], "--destination", d[0], "--out",
                    tmp.resolve(d[1] + ".csv").toString());
            assertThat(export.code()).as(export.err()).isZero();
        }

        clock.advance(Duration.ofDays(2));
        Path unsubscribed = tmp.resolve("unsubscribed_members_export_77aa.csv");
        Files.writeString(unsubscribed, "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,"
                + "CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,UNSUB_TIME,"
                + "UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\n"
                + "ana@example.org,Ana,,2,,,,,,,,,,,,\"2026-11-04 08:00:00\",,,,,9,e9,,\n");
        Run imported = run("--workspace", ws, "import", unsubscribed.toString(), "--destination", "mailchimp");
        assertThat(imported.code()).as(imported.err()).isZero();

        JsonNode list = run("--workspace", ws, "destination", "list", "--json").json();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("name").asText()).isEqualTo("Brevo");
        assertThat(list.get(0).get("pending").asInt()).isEqualTo(1);
        assertThat(list.get(1).get("pending").asInt()).isZero();
        JsonNode pending = run("--workspace", ws, "destination", "pending", "Brevo", "--json").json();
        assertThat(pending.get("reasons").get("withdrawal").asInt()).isEqualTo(1);
        assertThat(pending.get("changes").get(0).get("email").asText()).isEqualTo("ana@example.org");
        assertThat(run("--workspace", ws, "destination", "pending", "Brevo").out()).contains("withdrawal")
                .contains("ana@example.org");

        Path zip = tmp.resolve("brevo-changes.zip");
        JsonNode sync = run("--workspace", ws, "destination", "sync", "Brevo", "--out", zip.toString(), "--json")
                .json();
        assertThat(sync.get("changes").asInt()).isEqualTo(1);
        assertThat(sync.get("files").get("blocklist.csv").asInt()).isEqualTo(1);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(new String(z.getInputStream(z.getEntry("blocklist.csv")).readAllBytes()))
                    .isEqualTo("EMAIL\r\nana@example.org\r\n");
        }
        assertThat(run("--workspace", ws, "destination", "pending", "Brevo", "--json").json().get("pending").asInt())
                .isZero();
        assertThat(run("--workspace", ws, "destination", "history", ana).out()).contains("Brevo").contains("sync")
                .contains("withdrawal");

        assertThat(run("--workspace", ws, "destination", "late-days", "3", "--json").json().get("lateDays").asInt())
                .isEqualTo(3);
        Run unknown = run("--workspace", ws, "destination", "pending", "Sendgrid");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("Sendgrid");
        Run badTool = run("--workspace", ws, "destination", "add", "X", "--tool", "sendy");
        assertThat(badTool.code()).isEqualTo(1);
        assertThat(badTool.err()).contains("sendy");
    }
}
