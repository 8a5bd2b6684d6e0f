package org.registro.journey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.registro.consent.Purpose;

/**
 * What a send step sends: its name (the campaign name activity from the email tool refers to), why it is sent
 * ({@code commercial} or {@code transactional}; a send without one cannot be activated), the channel and the
 * topic (optional). With {@code bestItem}, each person on the list gets the best item for them from their
 * recommendations (one that suits the channel and, when named, the topic, and this journey has not sent them yet);
 * the name is then the campaign that carries the item.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Message(String name, String purpose, String channel, String topic, Boolean bestItem) {

    public Message {
        name = name == null ? "" : name.strip();
        purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        channel = channel == null || channel.isBlank() ? "email" : channel.strip();
        topic = topic == null || topic.isBlank() ? null : topic.strip();
        bestItem = Boolean.TRUE.equals(bestItem) ? Boolean.TRUE : null;
    }

    /** A message that is the same for everyone on the list. */
    public Message(String name, String purpose, String channel, String topic) {
        this(name, purpose, channel, topic, null);
    }

    /** Whether each person gets the best item for them. */
    public boolean sendsBestItem() {
        return Boolean.TRUE.equals(bestItem);
    }

    public Purpose purposeValue() {
        return Purpose.of(purpose);
    }

    /** Commercial unless stated otherwise: a message whose purpose is unknown is held to the stricter rule. */
    public boolean commercial() {
        return purpose == null || purposeValue() == Purpose.COMMERCIAL;
    }
}
