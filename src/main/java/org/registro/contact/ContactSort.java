package org.registro.contact;

/** The columns the contacts table can be sorted by; each is backed by an index. */
public enum ContactSort {
    NAME, EMAIL, CITY, CREATED, UPDATED, ID
}
