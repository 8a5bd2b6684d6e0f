package org.registro.export;

import static org.registro.db.Tables.CONTACT;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.registro.common.Ids;
import org.registro.common.Progress;
import org.registro.consent.Purpose;

/**
 * An export's decision for one message (purpose, channel, topic), asked for small groups of people again and
 * again, as a journey's send steps do: the same reasons in the same order as {@link ExportService#export}, with
 * the suppression list and the unusable addresses read once.
 */
public final class ConsentCheck {

    /** Who may receive the message, and who not with the first reason; people not found are in neither. */
    public record Result(Set<Long> allowed, Map<Long, Exclusion> excluded) {
    }

    private final ExportScan scanner;
    private final Purpose purpose;
    private final String channel;
    private final String topic;
    private final ExportScan.Known known;

    ConsentCheck(ExportScan scanner, Purpose purpose, String channel, String topic, ExportScan.Known known) {
        this.scanner = scanner;
        this.purpose = purpose;
        this.channel = channel;
        this.topic = topic;
        this.known = known;
    }

    /** The decision for every contact not merged away, in one pass (cheaper than lists when most are asked). */
    public Result checkAll() {
        Set<Long> allowed = new HashSet<>();
        Map<Long, Exclusion> excluded = new HashMap<>();
        scanner.scan(CONTACT.STATUS.ne("merged"), purpose, channel, topic, null, null, known, -1, Progress.NONE,
                (row, reason, event) -> {
                    if (reason == null) {
                        allowed.add(row.id());
                    } else {
                        excluded.put(row.id(), reason);
                    }
                });
        return new Result(allowed, excluded);
    }

    /** The decision for these contacts (merged records are not found). */
    public Result check(Collection<Long> contacts) {
        Set<Long> allowed = new HashSet<>();
        Map<Long, Exclusion> excluded = new HashMap<>();
        for (List<Long> chunk : Ids.chunks(contacts)) {
            scanner.scan(Ids.in(CONTACT.ID, chunk).and(CONTACT.STATUS.ne("merged")), purpose, channel, topic, null, null,
                    known, chunk.size(), Progress.NONE, (row, reason, event) -> {
                        if (reason == null) {
                            allowed.add(row.id());
                        } else {
                            excluded.put(row.id(), reason);
                        }
                    });
        }
        return new Result(allowed, excluded);
    }
}
