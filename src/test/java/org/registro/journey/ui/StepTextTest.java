package org.registro.journey.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.registro.common.Messages;
import org.registro.journey.JourneyTemplates;
import org.registro.journey.Step;

/** What the canvas writes on the templates' steps, in both languages: words, not codes. */
class StepTextTest {

    private Locale before;

    @BeforeEach
    void remember() {
        before = Messages.locale();
    }

    @AfterEach
    void restore() {
        Messages.setLocale(before);
    }

    @Test
    void theWelcomeSeriesGoalAndWaitReadAsSentences() {
        Messages.setLocale(Locale.ENGLISH);
        var doc = JourneyTemplates.get("welcome-series");
        assertThat(StepText.detail(doc.step("goal").orElseThrow()))
                .isEqualTo("Gave a donation in the last 30 days or Made a purchase in the last 30 days");
        assertThat(StepText.detail(doc.step("wait-open").orElseThrow()))
                .isEqualTo("Until: Opened an email, \"Welcome\" (at most 4 days)");
        assertThat(StepText.slotLabel(doc.step("wait-open").orElseThrow(), 1)).isEqualTo("Not within 4 days");
        assertThat(StepText.outcome("skipped:no_opt_in")).startsWith("Skipped: ").doesNotContain("no_opt_in");

        Messages.setLocale(Locale.forLanguageTag("es"));
        var es = JourneyTemplates.get("welcome-series");
        assertThat(StepText.detail(es.step("goal").orElseThrow()))
                .isEqualTo("Hizo un donativo en los últimos 30 días o Hizo una compra en los últimos 30 días");
        assertThat(StepText.typeName(new Step.Exit("x", null).type())).isEqualTo("Salida");
    }
}
