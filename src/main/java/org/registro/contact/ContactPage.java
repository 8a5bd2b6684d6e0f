package org.registro.contact;

import java.util.List;

/** One page of the contacts table. */
public record ContactPage(List<ContactSummary> rows, int offset) {
}
