package dev.nabla.train.data;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * On random CSV text (quoted cells with commas, quotes and line breaks, white space around cells,
 * CRLF, Chinese text), the cells Commons CSV reads are the ones written, and the span CsvTable
 * gives each is where it was written: its locator and Commons CSV split alike.
 */
class CsvLocationPropertiesTest {

    /** One cell as written: its text, whether it is quoted, and the white space around it. */
    record Cell(String text, boolean quoted, String before, String after) {
        String written() {
            return before + (quoted ? '"' + text.replace("\"", "\"\"") + '"' : text) + after;
        }

        /** Where the cell starts and ends within {@link #written}, as diagnostics should point. */
        int start() {
            return quoted || !text.isBlank() ? before.length() + (quoted ? 0 : leading(text)) : 0;
        }

        int end() {
            if (quoted) {
                return written().length() - after.length();
            }
            return text.isBlank() ? 0 : before.length() + text.stripTrailing().length();
        }

        private static int leading(String s) {
            return s.length() - s.stripLeading().length();
        }
    }

    @Property(tries = 300)
    void cellsAreReadAndLocatedAsWritten(@ForAll("tables") List<List<Cell>> rows, @ForAll boolean crlf) {
        int columns = rows.get(0).size();
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            text.append(c == 0 ? "" : ",").append("c").append(c);
        }
        text.append(crlf ? "\r\n" : "\n");
        List<int[]> offsets = new ArrayList<>();
        for (List<Cell> row : rows) {
            int[] starts = new int[2 * columns];
            for (int c = 0; c < columns; c++) {
                if (c > 0) {
                    text.append(',');
                }
                Cell cell = row.get(c);
                starts[2 * c] = text.length() + cell.start();
                starts[2 * c + 1] = text.length() + cell.end();
                if (cell.text().isBlank() && !cell.quoted()) {
                    starts[2 * c + 1] = starts[2 * c];
                }
                text.append(cell.written());
            }
            offsets.add(starts);
            text.append(crlf ? "\r\n" : "\n");
        }
        Diagnostics diags = new Diagnostics();
        CsvTable table = CsvTable.decode("t.csv", text.toString().getBytes(StandardCharsets.UTF_8), diags);
        assertEquals("", diags.render(), text::toString);
        assertNotNull(table);
        assertEquals(rows.size(), table.rows());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                String where = "row " + r + " column " + c + " of\n" + text;
                assertEquals(rows.get(r).get(c).text().strip(), table.cell(r, c), where);
                SourceSpan expected = span(text.toString(), offsets.get(r)[2 * c], offsets.get(r)[2 * c + 1]);
                assertEquals(expected, table.cellSpan(r, c), where);
            }
        }
    }

    private static SourceSpan span(String text, int start, int end) {
        return new SourceSpan("t.csv", line(text, start), column(text, start), line(text, end), column(text, end));
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static int column(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return text.codePointCount(lineStart, offset) + 1;
    }

    @Provide
    Arbitrary<List<List<Cell>>> tables() {
        return Arbitraries.integers().between(2, 4).flatMap(columns ->
                cell().list().ofSize(columns).filter(CsvLocationPropertiesTest::notABlankLine).list().ofMinSize(1).ofMaxSize(5));
    }

    /** A row of unquoted blank cells only is a blank line when it has one cell; with more it is a row. */
    private static boolean notABlankLine(List<Cell> row) {
        return row.size() > 1 || row.get(0).quoted() || !row.get(0).text().isBlank();
    }

    private Arbitrary<Cell> cell() {
        Arbitrary<String> space = Arbitraries.of("", "", " ", "  ", "\t", "\u3000");
        Arbitrary<String> any = Arbitraries.strings().withChars("ab1.青绿 ,\"\n\r-").ofMaxLength(6);
        Arbitrary<String> plain = Arbitraries.strings().withChars("ab1.青绿 \"-").ofMaxLength(6)
                .filter(s -> !s.stripLeading().startsWith("\""));
        Arbitrary<Cell> quoted = Combinators.combine(any, space, space).as((t, b, a) -> new Cell(t, true, b, a));
        Arbitrary<Cell> unquoted = Combinators.combine(plain, space, space).as((t, b, a) -> new Cell(t, false, b, a));
        return Arbitraries.oneOf(quoted, unquoted);
    }
}
