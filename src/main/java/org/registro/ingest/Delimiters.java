package org.registro.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the field separator of a delimited text file among comma, semicolon, tab and pipe: the one that
 * splits the first lines into the same number of fields most consistently, counting only separators
 * outside quotes (a quoted "Madrid, Spain" does not make the file comma-separated).
 */
public final class Delimiters {

    public static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');
    private static final int MAX_RECORDS = 50;

    private Delimiters() {
    }

    /** The most likely separator of {@code sample} (the first few kilobytes of the decoded file). */
    public static char detect(String sample) {
        char best = ',';
        double bestScore = -1;
        int bestFields = 0;
        for (char candidate : CANDIDATES) {
            List<Integer> counts = countsPerRecord(sample, candidate);
            if (counts.isEmpty()) {
                continue;
            }
            Map<Integer, Integer> frequency = new HashMap<>();
            for (int count : counts) {
                frequency.merge(count, 1, Integer::sum);
            }
            int mode = 0;
            int modeFrequency = 0;
            for (var entry : frequency.entrySet()) {
                if (entry.getValue() > modeFrequency || (entry.getValue() == modeFrequency && entry.getKey() > mode)) {
                    mode = entry.getKey();
                    modeFrequency = entry.getValue();
                }
            }
            if (mode == 0) {
                continue;
            }
            double score = (double) modeFrequency / counts.size();
            if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && mode > bestFields)) {
                best = candidate;
                bestScore = score;
                bestFields = mode;
            }
        }
        return best;
    }

    /** Separators outside quotes in each of the first records; a record may span lines inside quotes. */
    private static List<Integer> countsPerRecord(String sample, char separator) {
        List<Integer> counts = new java.util.ArrayList<>();
        boolean quoted = false;
        int count = 0;
        boolean any = false;
        for (int i = 0; i < sample.length() && counts.size() < MAX_RECORDS; i++) {
            char c = sample.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice and changes nothing
            } else if (!quoted && c == separator) {
                count++;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (c == '\r' && i + 1 < sample.length() && sample.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any) {
                    counts.add(count);
                }
                count = 0;
                any = false;
                continue;
            }
            any = true;
        }
        // The last record may be cut off by the end of the sample: count it only if it is the only one.
        if (any && counts.isEmpty()) {
            counts.add(count);
        }
        return counts;
    }
}
