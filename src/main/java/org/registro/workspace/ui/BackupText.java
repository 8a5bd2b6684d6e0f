package org.registro.workspace.ui;

import org.registro.common.Messages;
import org.registro.ui.I18n;
import org.registro.workspace.Backups;

/** A backup in words: when, why, and how big ("5 Dec 2026 11:42 · Before merging duplicates · 12 MB"). */
public final class BackupText {

    private BackupText() {
    }

    public static String describe(Backups.Backup b) {
        return I18n.dateTime(b.takenAt()) + " · " + reason(b.reason()) + " · " + size(b.bytes());
    }

    /** Why the backup was taken: "before-v14" → "Before upgrading to schema version 14". */
    public static String reason(String reason) {
        if (reason.matches("before-v\\d+")) {
            return I18n.t("backup.reason.migration", reason.substring("before-v".length()));
        }
        if (reason.startsWith("before-retention-")) {
            return I18n.t("backup.reason.retention");
        }
        return Messages.getOr("backup.reason." + reason, reason);
    }

    static String size(long bytes) {
        return bytes >= 1_048_576 ? I18n.t("backup.size.mb", Math.max(1, Math.round(bytes / 1_048_576.0)))
                : I18n.t("backup.size.kb", Math.max(1, Math.round(bytes / 1024.0)));
    }
}
