package org.registro.destination;

import java.time.Instant;

/**
 * One change a destination has not heard: the address, the status it must get, why, and since when Registro
 * knows. The names go with a subscription (a confirmed double opt-in, a corrected address).
 */
public record Change(long contactId, String email, String status, Reason reason, Instant since, String firstName,
                     String lastName) {
}
