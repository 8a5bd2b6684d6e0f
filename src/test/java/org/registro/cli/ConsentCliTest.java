package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class ConsentCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-05-01T09:00:00Z");

    private Run run(String... args) {
        return CliRun.run(clock, args);
    }

    @Test
    void grantWithdrawAndReadTheStateNowAndAsOfADate() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        long id = run("--workspace", ws, "contacts", "add", "--email", "ana@example.org", "--json").json()
                .get("id").asLong();
        String contact = String.valueOf(id);
        assertThat(run("--workspace", ws, "consent", "grant", "--contact", contact, "--channel", "email",
                "--method", "form", "--at", "2025-01-10", "--evidence", "Web form v3", "--legal-basis", "consent",
                "--form-url", "https://example.org/join", "--wording", "2024-11", "--ip", "83.1.2.3").code()).isZero();
        assertThat(run("--workspace", ws, "consent", "grant", "--contact", contact, "--channel", "email",
                "--topic", "events", "--at", "2025-01-10T10:00:00Z").code()).isZero();
        Run withdrawn = run("--workspace", ws, "consent", "withdraw", "--contact", contact, "--channel", "email",
                "--method", "email_tool_unsubscribe", "--at", "2025-06-01");
        assertThat(withdrawn.code()).as(withdrawn.err()).isZero();

        JsonNode now = run("--workspace", ws, "consent", "status", contact, "--json").json();
        assertThat(now.get(0).get("status").asText()).isEqualTo("withdrawn");
        JsonNode march = run("--workspace", ws, "consent", "status", contact, "--as-of", "2025-03-01", "--json").json();
        assertThat(march.get(0).get("status").asText()).isEqualTo("granted");
        assertThat(march.get(1).get("topic").asText()).isEqualTo("events");
        assertThat(run("--workspace", ws, "consent", "history", contact).out()).contains("email_tool_unsubscribe")
                .contains("form");
        JsonNode first = run("--workspace", ws, "consent", "history", contact, "--json").json().get(0);
        assertThat(first.get("formUrl").asText()).isEqualTo("https://example.org/join");
        assertThat(first.get("wording").asText()).isEqualTo("2024-11");
        assertThat(first.get("ip").asText()).isEqualTo("83.1.2.3");
        assertThat(first.get("legalBasis").asText()).isEqualTo("consent");
        assertThat(run("--workspace", ws, "consent", "grant", "--contact", contact, "--channel", "sms",
                "--legal-basis", "because").err()).contains("legitimate_interests");

        Run bad = run("--workspace", ws, "consent", "grant", "--contact", contact, "--channel", "fax");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("fax");
    }

    @Test
    void listAndAddTopics() throws Exception {
        String ws = tmp.resolve("t").toString();
        run("workspace", "create", ws, "--region", "ES");
        assertThat(run("--workspace", ws, "topics", "list").out()).contains("newsletter").contains("volunteering");
        Run added = run("--workspace", ws, "topics", "add", "legacy_giving", "--label", "Legacy giving",
                "--description", "Gifts in wills", "--json");
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(run("--workspace", ws, "topics", "add", "telegram", "--channel", "--label", "Telegram").code())
                .isZero();
        assertThat(run("--workspace", ws, "topics", "list").out()).contains("Channels: email, sms, phone, post, "
                + "whatsapp, telegram");
        assertThat(run("--workspace", ws, "topics", "add", "Tele gram", "--channel").code()).isEqualTo(1);
        JsonNode topics = run("--workspace", ws, "topics", "list", "--json").json();
        assertThat(topics.get(topics.size() - 1).get("code").asText()).isEqualTo("legacy_giving");
        Run again = run("--workspace", ws, "topics", "add", "legacy_giving");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already");
        assertThat(run("--workspace", ws, "topics", "add", "Bad Code").err()).contains("lower-case");
    }

    @Test
    void aDoubleOptInNobodyConfirmedExpiresWhenTheWorkspaceIsNextOpened() throws Exception {
        String ws = tmp.resolve("de").toString();
        run("workspace", "create", ws, "--region", "DE");
        String id = run("--workspace", ws, "contacts", "add", "--email", "jonas@example.de", "--country", "DE",
                "--json").json().get("id").asText();
        run("--workspace", ws, "consent", "grant", "--contact", id, "--channel", "email", "--method", "form");
        assertThat(run("--workspace", ws, "consent", "status", id, "--json").json().get(0).get("status").asText())
                .isEqualTo("pending");
        assertThat(run("--workspace", ws, "consent", "policy").out()).contains("AT, DE").contains("30 days");

        clock.advance(java.time.Duration.ofDays(31));

        JsonNode state = run("--workspace", ws, "consent", "status", id, "--json").json().get(0);
        assertThat(state.get("status").asText()).isEqualTo("withdrawn");
        assertThat(state.get("method").asText()).isEqualTo("double_opt_in_expired");
    }
}
