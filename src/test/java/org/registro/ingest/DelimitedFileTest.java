package org.registro.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.registro.common.RegistroException;

class DelimitedFileTest {

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static List<SourceRow> rows(DelimitedFile file) {
        List<SourceRow> rows = new ArrayList<>();
        file.rows().forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void utf8WithBomAndQuotedFieldsWithSeparatorsQuotesAndLineBreaks() throws Exception {
        String text = "Email Address,First Name,Notes\r\n"
                + "ana@example.es,Ana,\"Madrid, Spain\"\r\n"
                + "bo@example.dk,Bo,\"said \"\"hej\"\"\nand left\"\r\n"
                + "cy@example.org,Cy,plain\r\n";
        Path file = write("subscribed_members_export_1.csv",
                concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
        try (DelimitedFile csv = DelimitedFile.open(file, DelimitedFile.Options.detect())) {
            assertThat(csv.encoding().charset()).isEqualTo(StandardCharsets.UTF_8);
            assertThat(csv.encoding().bomLength()).isEqualTo(3);
            assertThat(csv.delimiter()).isEqualTo(',');
            assertThat(csv.header()).containsExactly("Email Address", "First Name", "Notes");
            List<SourceRow> rows = rows(csv);
            assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 3L, 5L);
            assertThat(rows.get(0).cells()).containsExactly("ana@example.es", "Ana", "Madrid, Spain");
            assertThat(rows.get(1).cells().get(2)).isEqualTo("said \"hej\"\nand left");
        }
    }

    @Test
    void windows1252WithSemicolonsAsSpanishExcelWritesIt() throws Exception {
        String text = "Nombre;Apellidos;Ciudad;Importe\r\nJosé;Peña Núñez;Coruña, A;12,50 €\r\nMaría;Ibáñez;Sevilla;3,00 €\r\n";
        Path file = write("donantes.csv", text.getBytes(Charset.forName("windows-1252")));
        try (DelimitedFile csv = DelimitedFile.open(file, DelimitedFile.Options.detect())) {
            assertThat(csv.encoding().charset()).isEqualTo(TextEncoding.WINDOWS_1252);
            assertThat(csv.delimiter()).isEqualTo(';');
            assertThat(rows(csv).get(0).cells()).containsExactly("José", "Peña Núñez", "Coruña, A", "12,50 €");
        }
    }

    @Test
    void utf16LittleEndianTabSeparatedAsExcelUnicodeText() throws Exception {
        String text = "Fornavn\tEfternavn\tBy\r\nSøren\tØstergård\tÅrhus\r\n";
        byte[] withBom = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        try (DelimitedFile csv = DelimitedFile.open(write("kunder.txt", withBom), DelimitedFile.Options.detect())) {
            assertThat(csv.encoding().charset()).isEqualTo(StandardCharsets.UTF_16LE);
            assertThat(csv.delimiter()).isEqualTo('\t');
            assertThat(rows(csv).get(0).cells()).containsExactly("Søren", "Østergård", "Århus");
        }
        byte[] withoutBom = text.getBytes(StandardCharsets.UTF_16LE);
        try (DelimitedFile csv = DelimitedFile.open(write("nobom.txt", withoutBom), DelimitedFile.Options.detect())) {
            assertThat(csv.encoding().charset()).isEqualTo(StandardCharsets.UTF_16LE);
            assertThat(csv.header()).containsExactly("Fornavn", "Efternavn", "By");
        }
    }

    @Test
    void pipesAndChosenEncodingAndSeparatorAreHonoured() throws Exception {
        Path pipes = write("mautic.csv", "email|tags\na@b.c|donor|vip\n".getBytes(StandardCharsets.UTF_8));
        try (DelimitedFile csv = DelimitedFile.open(pipes, DelimitedFile.Options.detect())) {
            assertThat(csv.delimiter()).isEqualTo('|');
            assertThat(rows(csv).get(0).cells()).as("a ragged row keeps its extra cell").hasSize(3);
        }
        Path latin = write("latin.csv", "a,b\nÅse,Ærø\n".getBytes(StandardCharsets.ISO_8859_1));
        try (DelimitedFile csv = DelimitedFile.open(latin, new DelimitedFile.Options(StandardCharsets.ISO_8859_1, ';'))) {
            assertThat(csv.encoding().how()).isEqualTo("chosen");
            assertThat(csv.delimiter()).isEqualTo(';');
            assertThat(csv.header()).containsExactly("a,b");
            assertThat(rows(csv).get(0).cells()).containsExactly("Åse,Ærø");
        }
    }

    @Test
    void aQuotedCommaDoesNotMakeASemicolonFileCommaSeparated() {
        String sample = "name;city;note\n\"Kelley, Masha\";Madrid;\"a, b, c\"\n\"Ruiz, Ana\";Sevilla;x\n";
        assertThat(Delimiters.detect(sample)).isEqualTo(';');
    }

    @Test
    void headerOnlyEmptyAndBinaryFilesAreToldApart() throws Exception {
        try (DelimitedFile csv = DelimitedFile.open(write("h.csv", "email,name\n".getBytes(StandardCharsets.UTF_8)),
                DelimitedFile.Options.detect())) {
            assertThat(csv.header()).containsExactly("email", "name");
            assertThat(csv.rows().hasNext()).isFalse();
        }
        assertThatThrownBy(() -> DelimitedFile.open(write("e.csv", new byte[0]), DelimitedFile.Options.detect()))
                .isInstanceOf(RegistroException.class).hasMessageContaining("e.csv is empty");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 1, 0};
        assertThatThrownBy(() -> DelimitedFile.open(write("photo.csv", png), DelimitedFile.Options.detect()))
                .isInstanceOf(RegistroException.class).hasMessageContaining("photo.csv is not a text file");
    }

    @Test
    void anUnclosedQuoteIsReportedWithTheFileName() throws Exception {
        Path file = write("broken.csv", "email,note\na@b.c,\"never closed\nx@y.z,fine\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> {
            try (DelimitedFile csv = DelimitedFile.open(file, DelimitedFile.Options.detect())) {
                rows(csv);
            }
        }).isInstanceOf(RegistroException.class).hasMessageContaining("broken.csv").hasMessageContaining("line 2");
    }
}
