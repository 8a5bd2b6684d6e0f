package org.registro.recommend;

import java.util.List;
import java.util.function.UnaryOperator;
import org.registro.common.Messages;

/** A recommendation's reason in the user's language: "Because you gave to the water appeal, and people who…". */
public final class ReasonText {

    private ReasonText() {
    }

    /** The reason in words; {@code topicLabel} names a topic code as the preference centre does. */
    public static String words(Recommender.Reason reason, UnaryOperator<String> topicLabel) {
        List<String> a = reason.args();
        return switch (reason.code()) {
            case Recommender.Reason.ALSO -> Messages.get("recommend.reason.also",
                    Messages.get("recommend.did." + a.get(0)), a.get(1), Messages.get("recommend.next." + a.get(2)),
                    a.get(3));
            case Recommender.Reason.TOPIC -> Messages.get("recommend.reason.topic", topicLabel.apply(a.get(0)));
            case Recommender.Reason.STATED -> Messages.get("recommend.reason.stated", topicLabel.apply(a.get(0)));
            case Recommender.Reason.EXPLORE -> a.isEmpty() || a.get(0).isEmpty()
                    ? Messages.get("recommend.reason.exploreAny")
                    : Messages.get("recommend.reason.explore", topicLabel.apply(a.get(0)));
            default -> Messages.get("recommend.reason.popular");
        };
    }
}
