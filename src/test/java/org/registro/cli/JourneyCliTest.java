package org.registro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.cli.CliRun.Run;
import org.registro.testutil.TestClock;

class JourneyCliTest {

    @TempDir
    Path tmp;

    private final TestClock clock = TestClock.at("2026-03-04T09:00:00Z");

    private Run run(String... args) {
        Run r = CliRun.run(clock, args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err() + r.out()).isZero();
        return r;
    }

    @Test
    void fromTemplateToASendListExportedForMailchimpAndAJourneyFileOpenedElsewhere() throws Exception {
        String ws = tmp.resolve("ngo").toString();
        run("workspace", "create", ws, "--region", "ES");
        Path signups = tmp.resolve("inscripciones_evento.csv");
        Files.writeString(signups, """
                Email;Nombre;Acepta newsletter;Fecha
                ana@example.es;Ana;sí;03/03/2026
                bea@example.es;Bea;no;03/03/2026
                """, StandardCharsets.UTF_8);
        run("--workspace", ws, "journey", "new", "--template", "event-reminder", "--name", "Gala");
        run("--workspace", ws, "journey", "activate", "Gala");
        run("--workspace", ws, "import", signups.toString());

        Run first = run("--workspace", ws, "journey", "run", "--json");
        assertThat(first.json().get("journeys").get(0).get("entered").asLong()).isEqualTo(2);
        assertThat(first.json().get("journeys").get(0).get("listed").asLong()).isEqualTo(2);
        Run again = run("--workspace", ws, "journey", "run", "--json");
        assertThat(again.json().get("journeys").get(0).get("entered").asLong()).isZero();
        assertThat(again.json().get("journeys").get(0).get("listed").asLong()).isZero();

        clock.set("2026-03-16T09:00:00Z");
        run("--workspace", ws, "journey", "run");
        Run report = run("--workspace", ws, "journey", "report", "Gala", "--json");
        var thanks = report.json().get("steps").get(5);
        assertThat(thanks.get("key").asText()).isEqualTo("send-thanks");
        // the thank-you is commercial about events: only Ana opted in, Bea is counted as skipped
        assertThat(thanks.get("listed").asLong()).isEqualTo(0);
        assertThat(thanks.get("skipped").get("no_topic_opt_in").asLong()
                + thanks.path("skipped").path("no_opt_in").asLong()).isEqualTo(2);

        Path out = tmp.resolve("gala.csv");
        Run export = run("--workspace", ws, "journey", "send-list", "Gala", "--step", "send-confirmation",
                "--format", "mailchimp", "--out", out.toString(), "--json");
        assertThat(export.json().get("written").asLong()).isEqualTo(2);
        assertThat(Files.readAllLines(out)).hasSize(3).first().asString().startsWith("Email Address");

        Path file = tmp.resolve("gala.json");
        run("--workspace", ws, "journey", "export", "Gala", "--out", file.toString());
        String other = tmp.resolve("other").toString();
        run("workspace", "create", other, "--region", "ES");
        Run opened = run("--workspace", other, "journey", "import", file.toString(), "--json");
        assertThat(opened.json().get("journey").get("status").asText()).isEqualTo("draft");
        assertThat(run("--workspace", other, "journey", "show", "Gala").out()).contains("Ready to activate");
        assertThat(run("--workspace", ws, "journey", "templates", "--json").json())
                .hasSize(org.registro.journey.JourneyTemplates.KEYS.size());
    }

    /**
     * The welcome series on people who subscribe: the welcome goes on a list for Mailchimp, Mailchimp's activity
     * comes back, and whoever opened the welcome moves on to the story while the others wait for the reminder.
     */
    @Test
    void mailchimpsActivityMovesPeopleOn() throws Exception {
        String ws = tmp.resolve("welcome").toString();
        run("workspace", "create", ws, "--region", "ES");
        run("--workspace", ws, "journey", "new", "--template", "welcome-series", "--name", "Welcome");
        run("--workspace", ws, "journey", "activate", "Welcome");
        Path members = tmp.resolve("subscribed_members_export_abc.csv");
        Files.writeString(members, """
                Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED
                ana@example.es,Ana,Ruiz,2,2026-03-03 10:00:00,,,,2026-03-03 10:00:00
                ben@example.es,Ben,Gil,2,2026-03-03 11:00:00,,,,2026-03-03 11:00:00
                """, StandardCharsets.UTF_8);
        run("--workspace", ws, "import", members.toString());
        Run first = run("--workspace", ws, "journey", "run", "--json");
        assertThat(first.json().get("journeys").get(0).get("listed").asLong()).isEqualTo(2);
        Path list = tmp.resolve("welcome.csv");
        run("--workspace", ws, "journey", "send-list", "Welcome", "--step", "send-welcome", "--format", "mailchimp",
                "--out", list.toString());

        Path activity = tmp.resolve("welcome-email-activity.csv");
        Files.writeString(activity, """
                email_address,action,timestamp,url,type,campaign_id
                ana@example.es,open,2026-03-04T15:30:00+00:00,,,9f2e1
                """, StandardCharsets.UTF_8);
        Run imported = run("--workspace", ws, "import", activity.toString(), "--campaign", "Welcome", "--json");
        assertThat(imported.json().get("preset").asText()).isEqualTo("mailchimp-activity");

        clock.set("2026-03-05T09:00:00Z");
        run("--workspace", ws, "journey", "run");
        Run report = run("--workspace", ws, "journey", "report", "Welcome", "--json");
        var steps = report.json().get("steps");
        assertThat(steps.get(2).get("key").asText()).isEqualTo("wait-open");
        assertThat(steps.get(2).get("waiting").asLong()).isEqualTo(1);
        assertThat(steps.get(3).get("key").asText()).isEqualTo("send-story");
        assertThat(steps.get(3).get("listed").asLong()).isEqualTo(1);
        // Ana's profile tells the same story, step by step
        long ana = run("--workspace", ws, "contacts", "list", "--json").json().findParents("email").stream()
                .filter(c -> c.get("email").asText().equals("ana@example.es")).findFirst().orElseThrow()
                .get("id").asLong();
        Run history = run("--workspace", ws, "journey", "history", String.valueOf(ana), "--json");
        assertThat(history.json().findValuesAsText("outcome")).contains("listed", "event");

        // a simulation changes nothing and repeats with its seed
        Run sim = run("--workspace", ws, "journey", "simulate", "Welcome", "--days", "30", "--seed", "7",
                "--assume", "open=0.5,arrivals=2", "--json");
        Run again = run("--workspace", ws, "journey", "simulate", "Welcome", "--days", "30", "--seed", "7",
                "--assume", "open=0.5,arrivals=2", "--json");
        assertThat(sim.json().get("steps")).isEqualTo(again.json().get("steps"));
        assertThat(sim.json().get("assumptions").get("openRate").asDouble()).isEqualTo(0.5);
        assertThat(run("--workspace", ws, "journey", "report", "Welcome", "--json").json()).isEqualTo(report.json());
    }
}
