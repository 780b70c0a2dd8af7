package dev.nabla.train.data;

import dev.nabla.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nabla.train.data.Csv.trainingErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every kind of bad training CSV, with its exact message and position (1-based line, header included, and column). */
class DatasetErrorsTest {

    @Test
    void missingFile(@TempDir Path dir) {
        Path csv = dir.resolve("none.csv");
        Diagnostics diags = new Diagnostics();
        assertNull(Dataset.read(csv, "y", List.of(), diags));
        assertEquals(csv + ":1:1: error: cannot read " + csv + ": no such file\n", diags.render());
    }

    @Test
    void readsFromAFileAndNamesIt(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,y\n1,0\n,1\n");
        Diagnostics diags = new Diagnostics();
        assertNull(Dataset.read(csv, "y", List.of(), diags));
        assertEquals(csv + ":3:1: error: empty cell in column 'a'\n"
                + ",1\n"
                + "^\n", diags.render());
    }

    @Test
    void emptyFile() {
        assertEquals("t.csv:1:1: error: empty file: a CSV file needs a header row and data rows\n"
                + "\n"
                + "^\n", trainingErrors("", "y"));
    }

    @Test
    void fileOfBlankLinesIsEmpty() {
        assertEquals("t.csv:1:1: error: empty file: a CSV file needs a header row and data rows\n"
                + "\n"
                + "^\n", trainingErrors("\n  \n\r\n", "y"));
    }

    @Test
    void headerWithoutRows() {
        assertEquals("t.csv:1:1: error: no data rows after the header row\n"
                + "a,b,y\n"
                + "^\n", trainingErrors("a,b,y\n", "y"));
    }

    @Test
    void nulByteIsBinaryData() {
        assertEquals("t.csv:2:4: error: not a CSV file: control character U+0000 (binary data?)\n"
                + "1,2\uFFFD,0\n"
                + "   ^\n", trainingErrors("a,b,y\n1,2\0,0\n", "y"));
    }

    @Test
    void binaryFileIsReportedAtItsFirstControlCharacterBeforeBadBytes() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 6, 0, (byte) 0x88, (byte) 0xFF, 'a', '\n'};
        assertEquals("t.csv:1:3: error: not a CSV file: control character U+0003 (binary data?)\n"
                + "PK\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDa\n"
                + "  ^\n", trainingErrors(zip, "y"));
    }

    @Test
    void targetAndDropNamesAreTrimmed() {
        assertEquals(List.of("b"), Csv.training("a,b,y\n1,2,0\n2,3,1\n", " y ", " a").featureColumns());
    }

    @Test
    void invalidUtf8IsOneErrorAtItsFirstByte() {
        byte[] gbk = {'a', ',', 'y', '\n', '1', ',', (byte) 0xCA, (byte) 0xC7, '\n', '2', ',', (byte) 0xB7, (byte) 0xF1, '\n'};
        assertEquals("t.csv:2:3: error: not a CSV file: invalid UTF-8 byte sequence (save it as UTF-8; GBK or Latin-1 text is not read)\n"
                + "1,\uFFFD\uFFFD\n"
                + "  ^\n", trainingErrors(gbk, "y"));
    }

    @Test
    void rowWithTooFewCellsPointsAfterItsLastCell() {
        assertEquals("t.csv:3:4: error: this row has 2 cells, but the header has 3 columns\n"
                + "1,2\n"
                + "   ^\n", trainingErrors("a,b,y\n1,2,0\n1,2\n", "y"));
    }

    @Test
    void rowWithTooManyCellsPointsAtTheFirstExtraCell() {
        assertEquals("t.csv:2:7: error: this row has 4 cells, but the header has 3 columns\n"
                + "1,2,0,77\n"
                + "      ^~\n", trainingErrors("a,b,y\n1,2,0,77\n", "y"));
    }

    @Test
    void everyRaggedRowIsReported() {
        assertEquals("t.csv:2:2: error: this row has 1 cell, but the header has 2 columns\n"
                + "1\n"
                + " ^\n"
                + "t.csv:4:5: error: this row has 3 cells, but the header has 2 columns\n"
                + "1,0,\n"
                + "    ^\n", trainingErrors("a,y\n1\n1,0\n1,0,\n", "y"));
    }

    @Test
    void unclosedQuote() {
        assertEquals("t.csv:3:3: error: unclosed quote: the quoted cell that starts here has no closing \"\n"
                + "2,\"x,1\n"
                + "  ^\n", trainingErrors("a,b,y\n1,x,0\n2,\"x,1\n3,y,1\n", "y"));
    }

    @Test
    void textAfterClosingQuote() {
        assertEquals("t.csv:2:6: error: text after the closing quote of a quoted cell (a quote inside a quoted cell is written \"\")\n"
                + "1,\"x\"y,0\n"
                + "     ^\n", trainingErrors("a,b,y\n1,\"x\"y,0\n", "y"));
    }

    @Test
    void emptyColumnName() {
        assertEquals("t.csv:1:3: error: empty column name: every column needs a name in the header row\n"
                + "a,,y\n"
                + "  ^\n", trainingErrors("a,,y\n1,2,0\n", "y"));
    }

    @Test
    void repeatedColumnName() {
        assertEquals("t.csv:1:5: error: repeated column name 'a' (also column 1)\n"
                + "a,b,a,y\n"
                + "    ^\n", trainingErrors("a,b,a,y\n1,2,3,0\n", "y"));
    }

    @Test
    void missingTargetColumnListsTheColumns() {
        assertEquals("t.csv:1:1: error: no column 'Y' for the target; the columns are 'a', 'b', 'y'\n"
                + "a,b,y\n"
                + "^\n", trainingErrors("a,b,y\n1,2,0\n", "Y"));
    }

    @Test
    void longListsOfColumnsAreCut() {
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < 20; c++) {
            header.append(c == 0 ? "" : ",").append("p").append(c);
            row.append(c == 0 ? "" : ",").append(c);
        }
        assertEquals("t.csv:1:1: error: no column 'digit' for the target; the columns are 'p0', 'p1', 'p2', 'p3', "
                + "'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11' and 8 more\n"
                + header + "\n"
                + "^\n", trainingErrors(header + "\n" + row + "\n", "digit"));
    }

    @Test
    void unknownDropColumnAndDroppingTheTarget() {
        assertEquals("t.csv:1:1: error: no column 'c' to drop; the columns are 'a', 'b', 'y'\n"
                + "a,b,y\n"
                + "^\n"
                + "t.csv:1:5: error: the target column 'y' cannot be dropped\n"
                + "a,b,y\n"
                + "    ^\n", trainingErrors("a,b,y\n1,2,0\n", "y", "c", "y"));
    }

    @Test
    void noFeatureLeft() {
        assertEquals("t.csv:1:1: error: no feature columns: every column is the target or dropped\n"
                + "id,y\n"
                + "^\n", trainingErrors("id,y\n1,0\n2,1\n", "y", "id"));
    }

    @Test
    void emptyAndBlankCellsInFileOrder() {
        assertEquals("t.csv:2:3: error: empty cell in column 'b'\n"
                + "1, ,0\n"
                + "  ^\n"
                + "t.csv:3:1: error: empty cell in column 'a'\n"
                + ",3,\n"
                + "^\n"
                + "t.csv:3:4: error: empty cell in column 'y'\n"
                + ",3,\n"
                + "   ^\n", trainingErrors("a,b,y\n1, ,0\n,3,\n", "y"));
    }

    @Test
    void emptyCellsOfDroppedColumnsAreFine() {
        assertEquals(2, Csv.training("id,a,y\n,1,0\n,2,1\n", "y", "id").size());
    }

    @Test
    void quotedBlankCellIsEmpty() {
        assertEquals("t.csv:2:3: error: empty cell in column 'b'\n"
                + "1,\"  \",0\n"
                + "  ^~~~\n", trainingErrors("a,b,y\n1,\"  \",0\n2,3,1\n", "y"));
    }

    @Test
    void textInAColumnOfNumbers() {
        assertEquals("t.csv:3:3: error: '?' is not a number, but column 'b' holds numbers (3 of its 4 cells)\n"
                + "2,?,1\n"
                + "  ^\n", trainingErrors("a,b,y\n1,2,0\n2,?,1\n3,4,0\n4,5,1\n", "y"));
    }

    @Test
    void aDecimalCommaIsTextInANumericColumn() {
        assertEquals("t.csv:3:3: error: '0,5' is not a number, but column 'b' holds numbers (2 of its 3 cells)\n"
                + "2,\"0,5\",1\n"
                + "  ^~~~~\n", trainingErrors("a,b,y\n1,2,0\n2,\"0,5\",1\n3,4,0\n", "y"));
    }

    @Test
    void numberOutOfRange() {
        assertEquals("t.csv:2:1: error: '1e999' is out of the range of a double\n"
                + "1e999,2,0\n"
                + "^~~~~\n", trainingErrors("a,b,y\n1e999,2,0\n2,3,1\n", "y"));
    }

    @Test
    void targetOfNumbersThatAreNotIntegers() {
        assertEquals("t.csv:3:5: error: '0.5' is not a class label: the target column 'y' holds numbers that are not "
                + "integers, and nabla trains classifiers\n"
                + "2,3,0.5\n"
                + "    ^~~\n", trainingErrors("a,b,y\n1,2,1\n2,3,0.5\n", "y"));
    }

    @Test
    void targetWithOneClass() {
        assertEquals("t.csv:1:5: error: the target column 'y' has one class only ('是'): a classifier needs at least two\n"
                + "a,b,y\n"
                + "    ^\n", trainingErrors("a,b,y\n1,2,是\n2,3,是\n", "y"));
    }

    @Test
    void longCellsAreCutInMessages() {
        String cell = "x".repeat(50);
        assertEquals("t.csv:3:1: error: '" + "x".repeat(40) + "...' is not a number, but column 'a' holds numbers (2 of its 3 cells)\n"
                + cell + ",1\n"
                + "^" + "~".repeat(49) + "\n", trainingErrors("a,y\n1,0\n" + cell + ",1\n2,0\n", "y"));
    }

    @Test
    void columnsCountCodePointsAndAQuotedCellMayHoldALineBreak() {
        String csv = "色泽,\"note\",y\n"
                + "青绿,\"two\nlines\",是\n"
                + "乌黑,x,\n";
        assertEquals("t.csv:4:6: error: empty cell in column 'y'\n"
                + "乌黑,x,\n"
                + "     ^\n", trainingErrors(csv, "y"));
    }

    @Test
    void crlfLineEndingsAndAByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "a,y\r\n1,0\r\n\r\n,1\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(text, 0, bytes, bom.length, text.length);
        assertEquals("t.csv:4:1: error: empty cell in column 'a'\n"
                + ",1\n"
                + "^\n", trainingErrors(bytes, "y"));
    }
}
