package org.registro.audience;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.registro.segment.RuleIndex;
import org.roaringbitmap.RoaringBitmap;

/**
 * The contacts of one part of the index as {@link RuleIndex.Standing}: one object moved from position to position,
 * with the consent statuses for the visit's channel and topic laid out once per visit (a byte per contact).
 */
final class IndexStanding implements RuleIndex.Standing {

    private final AudienceIndex index;
    private final List<String> statuses = new ArrayList<>();
    private final byte[] channelStatus;
    private final byte[] topicStatus;
    private final Map<Asked, java.util.BitSet> answers = new java.util.HashMap<>();
    private int p;

    IndexStanding(AudienceIndex index, String channel, String topic) {
        this.index = index;
        this.channelStatus = statuses(channel, "");
        this.topicStatus = topic == null ? null : statuses(channel, topic);
    }

    /** Each position's status for the channel and topic: 1 + its place in {@link #statuses}, 0 for none. */
    private byte[] statuses(String channel, String topic) {
        byte[] codes = new byte[index.size()];
        String prefix = AudienceIndex.consentKey(channel, topic, "");
        for (Map.Entry<String, RoaringBitmap> e : index.consent.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String status = e.getKey().substring(prefix.length());
                int at = statuses.indexOf(status);
                if (at < 0) {
                    statuses.add(status);
                    at = statuses.size() - 1;
                }
                byte code = (byte) (at + 1);
                e.getValue().forEach((org.roaringbitmap.IntConsumer) q -> codes[q] = code);
            }
        }
        return codes;
    }

    /** Hands each of {@code positions} to {@code each}, as this object. */
    void visit(RoaringBitmap positions, java.util.function.Consumer<RuleIndex.Standing> each) {
        org.roaringbitmap.PeekableIntIterator it = positions.getIntIterator();
        while (it.hasNext()) {
            p = it.next();
            each.accept(this);
        }
    }

    /** Every contact not merged into another: the live and the erased. */
    static RoaringBitmap notMerged(AudienceIndex index) {
        return RoaringBitmap.or(index.live, index.erased);
    }

    @Override
    public long id() {
        return index.ids[p];
    }

    @Override
    public boolean erased() {
        return index.erased.contains(p);
    }

    @Override
    public boolean doNotContact() {
        // live records are active ones (the only other statuses are erased and merged)
        return index.live.contains(p) && !index.reachable.contains(p);
    }

    @Override
    public boolean emailFlagged() {
        return index.invalidEmail.contains(p);
    }

    @Override
    public String text(String field) {
        TextColumn column = column(field);
        int code = column.code(p);
        return code < 0 ? null : column.value(code);
    }

    private TextColumn column(String field) {
        TextColumn column = index.text.get(field);
        if (column == null) {
            throw new IllegalArgumentException("not a text field of the index: " + field);
        }
        return column;
    }

    @Override
    public boolean test(String field, Object key, java.util.function.Predicate<String> test) {
        TextColumn column = column(field);
        java.util.BitSet passed = answers.computeIfAbsent(new Asked(field, key), k -> column.answers(key, test));
        return column.passes(passed, p);
    }

    /** A test asked of a field during this visit. */
    private record Asked(String field, Object key) {
    }

    @Override
    public String consent(boolean topic) {
        byte[] codes = topic ? topicStatus : channelStatus;
        return codes == null || codes[p] == 0 ? null : statuses.get(codes[p] - 1);
    }
}
