package org.registro.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.registro.common.Messages;

/** Dates and numbers are written as the workspace's country writes them, in the chosen language and its zone. */
class WorkspaceFormatsTest {

    private static final Instant LATE_EVENING = Instant.parse("2026-12-05T23:30:00Z");

    @AfterEach
    void reset() {
        Messages.setLocale(Locale.ENGLISH);
        Messages.setWorkspace(null, null);
    }

    @Test
    void aDanishWorkspaceInEnglishWritesDanishDatesAndNumbersInItsOwnZone() {
        Messages.setLocale(Locale.ENGLISH);
        Messages.setWorkspace(null, ZoneId.of("UTC"));
        assertThat(I18n.number(1_234_567)).isEqualTo("1,234,567");
        assertThat(I18n.shortDate(LATE_EVENING)).isEqualTo("12/5/26");

        Messages.setWorkspace("DK", ZoneId.of("Europe/Copenhagen"));
        assertThat(I18n.number(1_234_567)).isEqualTo("1.234.567");
        assertThat(I18n.amount(new java.math.BigDecimal("1250.5"))).isEqualTo("1.250,50");
        assertThat(I18n.shortDate(LATE_EVENING)).isEqualTo("06/12/2026"); // already the 6th in Copenhagen
        assertThat(I18n.t("contacts.count", 1500)).contains("1.500"); // the messages' numbers too
        assertThat(I18n.t("contacts.col.given")).isEqualTo("Total given"); // the words stay English
    }

    @Test
    void whereTheJdkKnowsNoSuchPairTheLanguagesOwnWayIsKept() {
        Messages.setLocale(Locale.ENGLISH);
        Messages.setWorkspace("ES", ZoneId.of("UTC"));
        assertThat(Messages.formatLocale()).isEqualTo(Locale.ENGLISH);
        Messages.setLocale(new Locale("es", "ES"));
        Messages.setWorkspace("DK", ZoneId.of("UTC"));
        assertThat(I18n.number(1_234_567)).isEqualTo("1.234.567");
        assertThat(I18n.shortDate(LATE_EVENING)).isEqualTo("5/12/26");
    }
}
