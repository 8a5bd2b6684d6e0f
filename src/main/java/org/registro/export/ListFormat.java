package org.registro.export;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The formats a list is written in: each email tool's import, plain CSV, CSV for Excel, a workbook. (Which tool
 * account a list goes to is a {@link org.registro.destination.Destination}.)
 * <ul>
 *   <li><b>Mailchimp</b>: "Email Address", "First Name", "Last Name", "Address" (parts separated by two spaces,
 *       country last), "Phone Number", "Birthday" (MM/DD) and "Tags" (comma-separated), UTF-8 CSV.</li>
 *   <li><b>Brevo</b>: its default attributes EMAIL, FIRSTNAME, LASTNAME and SMS (the number with + and the country
 *       code), dates as yyyy-mm-dd, UTF-8 CSV with commas (Brevo reads ; , or tab).</li>
 *   <li><b>Mailjet</b>: "email" first, then contact properties named in lower case (firstname, lastname, country);
 *       the properties must exist in the Mailjet account, so rename a column if the account calls it otherwise.</li>
 *   <li><b>listmonk</b>: email, name and attributes, a JSON object (phone, city, country, language, tags, custom
 *       fields), as listmonk's importer reads them.</li>
 *   <li><b>CSV</b>: every field under plain names; separator, encoding, BOM and quoting can be chosen.</li>
 *   <li><b>CSV for Excel (Spanish, Danish)</b>: the same with semicolons and a UTF-8 BOM, so a double-click opens it
 *       in columns.</li>
 *   <li><b>Excel workbook</b>: one sheet, every value a text cell.</li>
 * </ul>
 * Formulas: in every CSV a cell starting with =, +, -, @, tab, CR or LF gets a leading apostrophe (OWASP), except
 * signed numbers such as +34 phones and negative amounts, and except the email column, which tools need as it is:
 * an address starting with one of those characters is left out as unusable instead. In the workbook every value is
 * a text cell, which a spreadsheet never runs, so nothing is changed.
 */
public enum ListFormat {
    MAILCHIMP("mailchimp", "Mailchimp", false, CsvOptions.STANDARD, List.of(
            ExportColumn.of(ExportField.EMAIL, "Email Address"),
            ExportColumn.of(ExportField.FIRST_NAME, "First Name"),
            ExportColumn.of(ExportField.LAST_NAME, "Last Name"),
            ExportColumn.of(ExportField.ADDRESS, "Address"),
            ExportColumn.of(ExportField.PHONE, "Phone Number"),
            ExportColumn.of(ExportField.BIRTHDAY, "Birthday"),
            ExportColumn.of(ExportField.TAGS, "Tags"))),
    BREVO("brevo", "Brevo", false, CsvOptions.STANDARD, List.of(
            ExportColumn.of(ExportField.EMAIL, "EMAIL"),
            ExportColumn.of(ExportField.FIRST_NAME, "FIRSTNAME"),
            ExportColumn.of(ExportField.LAST_NAME, "LASTNAME"),
            ExportColumn.of(ExportField.PHONE, "SMS"),
            ExportColumn.of(ExportField.CONTACT_ID, "EXT_ID"))),
    MAILJET("mailjet", "Mailjet", false, CsvOptions.STANDARD, List.of(
            ExportColumn.of(ExportField.EMAIL, "email"),
            ExportColumn.of(ExportField.FIRST_NAME, "firstname"),
            ExportColumn.of(ExportField.LAST_NAME, "lastname"),
            ExportColumn.of(ExportField.COUNTRY, "country"))),
    LISTMONK("listmonk", "listmonk", false, CsvOptions.STANDARD, List.of(
            ExportColumn.of(ExportField.EMAIL, "email"),
            ExportColumn.of(ExportField.FULL_NAME, "name"),
            ExportColumn.of(ExportField.ATTRIBUTES, "attributes"))),
    CSV("csv", "CSV", false, CsvOptions.STANDARD, plain()),
    EXCEL_CSV("excel-csv", "CSV for Excel (;)", false, CsvOptions.EXCEL_EUROPE, plain()),
    XLSX("xlsx", "Excel (.xlsx)", true, CsvOptions.STANDARD, plain());

    private final String code;
    private final String label;
    private final boolean workbook;
    private final CsvOptions csv;
    private final List<ExportColumn> columns;

    ListFormat(String code, String label, boolean workbook, CsvOptions csv, List<ExportColumn> columns) {
        this.code = code;
        this.label = label;
        this.workbook = workbook;
        this.csv = csv;
        this.columns = columns;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** True for the Excel workbook, false for the CSV destinations. */
    public boolean workbook() {
        return workbook;
    }

    public CsvOptions defaultCsv() {
        return csv;
    }

    public List<ExportColumn> defaultColumns() {
        return columns;
    }

    public String extension() {
        return workbook ? "xlsx" : "csv";
    }

    /**
     * The header a column of the built-in field gets when it is added: the tool's own way of naming a field
     * (Mailchimp's words, Brevo's upper-case attributes), the field's code elsewhere.
     */
    public String headerFor(ExportField field) {
        return switch (this) {
            case MAILCHIMP -> java.util.Arrays.stream(field.code().split("_"))
                    .map(w -> w.equals("url") || w.equals("id") ? w.toUpperCase(java.util.Locale.ROOT)
                            : Character.toUpperCase(w.charAt(0)) + w.substring(1))
                    .collect(java.util.stream.Collectors.joining(" "));
            case BREVO -> field.code().toUpperCase(java.util.Locale.ROOT);
            default -> field.code();
        };
    }

    /** The same template with the columns of these fields added at the end, when it does not hold them yet. */
    public static ExportTemplate withFields(ExportTemplate template, List<ExportField> fields) {
        List<ExportColumn> columns = new java.util.ArrayList<>(template.columns());
        for (ExportField f : fields) {
            if (columns.stream().noneMatch(c -> c.builtIn().orElse(null) == f)) {
                columns.add(ExportColumn.of(f, template.destination().headerFor(f)));
            }
        }
        return template.withColumns(columns);
    }

    /** The default template: this destination's columns and CSV options. */
    public ExportTemplate template() {
        return new ExportTemplate(null, this, columns, csv);
    }

    public static Optional<ListFormat> byCode(String code) {
        return Arrays.stream(values()).filter(d -> d.code.equalsIgnoreCase(code)).findFirst();
    }

    private static List<ExportColumn> plain() {
        return List.of(ExportColumn.of(ExportField.CONTACT_ID, "registro_id"),
                ExportColumn.of(ExportField.EMAIL, "email"),
                ExportColumn.of(ExportField.FIRST_NAME, "first_name"),
                ExportColumn.of(ExportField.LAST_NAME, "last_name"),
                ExportColumn.of(ExportField.PHONE, "phone"),
                ExportColumn.of(ExportField.LANGUAGE, "language"),
                ExportColumn.of(ExportField.CITY, "city"),
                ExportColumn.of(ExportField.POSTAL_CODE, "postal_code"),
                ExportColumn.of(ExportField.COUNTRY, "country"),
                ExportColumn.of(ExportField.TAGS, "tags"),
                ExportColumn.of(ExportField.CONSENT_SINCE, "consent_since"));
    }
}
