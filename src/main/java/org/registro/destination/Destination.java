package org.registro.destination;

import java.time.Instant;

/**
 * An email tool account the organization sends from: a Mailchimp audience, a Brevo account, a Mailjet list, a
 * listmonk list.
 *
 * @param topic the preference-centre topic the list is about; null when it carries every email of the
 *              organization (then only a withdrawal from email itself unsubscribes)
 */
public record Destination(long id, String name, Tool tool, String topic, Instant createdAt) {
}
