/**
 * Consent propagation: the email tool accounts the organization sends from, what each was last told about each
 * address, and the changes each has not heard yet, written in the tool's own import format.
 */
package org.registro.destination;
