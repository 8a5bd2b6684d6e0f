package org.registro.export;

import java.nio.charset.Charset;

/**
 * How a CSV file is written: separator, encoding, byte-order mark, whether every cell is quoted, and whether cells a
 * spreadsheet would run as formulas are neutralized ({@link org.registro.common.SpreadsheetText}). Lines end in CRLF as RFC 4180 says.
 */
public record CsvOptions(char delimiter, String encoding, boolean bom, boolean quoteAll, boolean neutralizeFormulas) {

    /** Comma, UTF-8 without a BOM, quotes only where needed: what Mailchimp, Brevo, Mailjet and listmonk read. */
    public static final CsvOptions STANDARD = new CsvOptions(',', "UTF-8", false, false, true);
    /** What Excel opens by double-click in Spanish and Danish: semicolons and a UTF-8 BOM. */
    public static final CsvOptions EXCEL_EUROPE = new CsvOptions(';', "UTF-8", true, false, true);

    public CsvOptions {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("delimiter");
        }
        Charset.forName(encoding); // refuses an unknown encoding now, not when writing
    }

    public Charset charset() {
        return Charset.forName(encoding);
    }
}
