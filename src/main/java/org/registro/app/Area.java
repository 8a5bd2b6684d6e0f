package org.registro.app;

import org.registro.ui.I18n;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The areas of the app, in the order of the sidebar; Ctrl+1 … Ctrl+9 go to them, Ctrl+, to Settings. */
public enum Area {
    HOME(MaterialDesignH.HOME_OUTLINE),
    CONTACTS(MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE),
    IMPORT(MaterialDesignF.FILE_IMPORT_OUTLINE),
    DUPLICATES(MaterialDesignC.CALL_MERGE),
    SEGMENTS(MaterialDesignF.FILTER_VARIANT),
    JOURNEYS(MaterialDesignS.SITEMAP_OUTLINE),
    CONSENT(MaterialDesignS.SHIELD_CHECK_OUTLINE),
    EXPORTS(MaterialDesignE.EXPORT_VARIANT),
    CONTENT(MaterialDesignL.LIGHTBULB_ON_OUTLINE),
    SETTINGS(MaterialDesignC.COG_OUTLINE);

    private final Ikon icon;

    Area(Ikon icon) {
        this.icon = icon;
    }

    public Ikon icon() {
        return icon;
    }

    /** The id of the sidebar button, e.g. "nav-contacts". */
    public String navId() {
        return "nav-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    public String label() {
        return I18n.t("nav." + name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Ctrl+1 for Home … Ctrl+9 for Content; Settings has Ctrl+, as on most desktops. */
    public javafx.scene.input.KeyCode shortcutKey() {
        return this == SETTINGS ? javafx.scene.input.KeyCode.COMMA
                : javafx.scene.input.KeyCode.valueOf("DIGIT" + (ordinal() + 1));
    }
}
