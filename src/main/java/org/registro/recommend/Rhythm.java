package org.registro.recommend;

import java.util.List;

/**
 * A person's best channel and moment: the channel they respond on most, and the weekday and hour (in the
 * workspace's time zone) when they open or click most, from their own responses when they have at least
 * {@link #OWN_MINIMUM}, else the organization's.
 *
 * @param weekday   ISO day of week, 1 (Monday) to 7 (Sunday)
 * @param hour      0 to 23
 * @param responses how many of their own responses it is read from
 * @param basis     {@link #OWN} or {@link #ORGANIZATION}
 */
public record Rhythm(String channel, int weekday, int hour, int responses, String basis) {

    public static final String OWN = "own";
    public static final String ORGANIZATION = "organization";
    /** Fewer responses than this say little about a person: the organization's moment stands in. */
    public static final int OWN_MINIMUM = 3;

    /** The most frequent channel and slot of packed responses ({@code channel << 8 | weekday * 24 + hour}). */
    static Rhythm of(List<Integer> packed, List<String> channels, String basis) {
        int[] slots = new int[168];
        int[] byChannel = new int[Math.max(1, channels.size())];
        for (int p : packed) {
            slots[p & 0xFF]++;
            byChannel[p >>> 8]++;
        }
        int slot = 0;
        for (int s = 1; s < slots.length; s++) {
            if (slots[s] > slots[slot]) {
                slot = s;
            }
        }
        int channel = 0;
        for (int c = 1; c < byChannel.length; c++) {
            if (byChannel[c] > byChannel[channel]) {
                channel = c;
            }
        }
        return new Rhythm(channels.isEmpty() ? "email" : channels.get(channel), slot / 24 + 1, slot % 24,
                packed.size(), basis);
    }

    /** The person's own rhythm, or the organization's when theirs says too little (null: nobody's is known). */
    static Rhythm choose(List<Integer> own, List<String> channels, Rhythm organization) {
        if (own == null || own.size() < OWN_MINIMUM) {
            if (organization == null) {
                return null;
            }
            return new Rhythm(organization.channel(), organization.weekday(), organization.hour(),
                    own == null ? 0 : own.size(), ORGANIZATION);
        }
        return of(own, channels, OWN);
    }
}
