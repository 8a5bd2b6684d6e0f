package org.registro.contact;

import java.util.List;

/**
 * One page of the contacts table, with the sort keys of its first and last rows for moving to the
 * previous or next page (null when the page is empty).
 */
public record ContactPage(List<ContactSummary> rows, List<Object> firstKey, List<Object> lastKey) {
}
