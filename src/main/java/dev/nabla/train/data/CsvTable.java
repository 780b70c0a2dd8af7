package dev.nabla.train.data;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.SourceLoader;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file as Apache Commons CSV reads it (RFC 4180: commas, {@code "} quotes, {@code ""} for a
 * quote inside a quoted cell, line breaks inside quotes), with its header row apart and the span of
 * every cell, so that a diagnostic can point at it. White space around a cell is not part of it;
 * empty and blank lines are skipped.
 *
 * <p>Reading reports, each at its line and column: a file that cannot be read, is empty, is not
 * UTF-8 or holds control characters (binary data), an unclosed quote, text after a closing quote,
 * an empty or repeated column name, a header without data rows, and a row whose number of cells
 * differs from the header's.
 */
final class CsvTable {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    /** One record: its cells' text and where each starts and ends in the file's text. */
    private record Row(String[] cells, int[] starts, int[] ends) {
    }

    private final SourceFile source;
    private final int[] lineStarts;
    private final Row header;
    private final List<Row> rows;
    private final Map<String, Integer> columns = new HashMap<>();

    private CsvTable(SourceFile source, int[] lineStarts, Row header, List<Row> rows) {
        this.source = source;
        this.lineStarts = lineStarts;
        this.header = header;
        this.rows = rows;
        for (int c = 0; c < header.cells.length; c++) {
            columns.put(header.cells[c], c);
        }
    }

    /** The table in the file at {@code path}, or null after reporting why it is not a usable CSV file. */
    static CsvTable read(Path path, Diagnostics diags) {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": no such file");
            return null;
        } catch (AccessDeniedException e) {
            diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": permission denied");
            return null;
        } catch (IOException | SecurityException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": " + why);
            return null;
        }
        return decode(name, bytes, diags);
    }

    /** The table in {@code bytes}, named {@code name} in diagnostics; null after reporting errors. */
    static CsvTable decode(String name, byte[] bytes, Diagnostics diags) {
        SourceFile source = text(name, bytes, diags);
        if (source == null) {
            return null;
        }
        String text = source.text();
        int[] lineStarts = lineStarts(text);
        Positions at = new Positions(name, text, lineStarts);
        if (reportControlCharacter(at, text.length(), diags)) {
            return null;
        }
        if (text.isBlank()) {
            diags.error(at.span(0, 0), "empty file: a CSV file needs a header row and data rows");
            return null;
        }
        List<Row> records = parse(text, at, diags);
        if (records == null) {
            return null;
        }
        Row header = records.get(0);
        List<Row> rows = records.subList(1, records.size());
        checkHeader(header, at, diags);
        if (rows.isEmpty()) {
            diags.error(at.span(header.starts[0], header.starts[0]), "no data rows after the header row");
        }
        for (Row row : rows) {
            int have = row.cells.length;
            int want = header.cells.length;
            if (have < want) {
                int end = row.ends[have - 1];
                diags.error(at.span(end, end), "this row has " + cells(have) + ", but the header has " + want + " columns");
            } else if (have > want) {
                diags.error(at.span(row.starts[want], row.ends[want]),
                        "this row has " + cells(have) + ", but the header has " + want + " columns");
            }
        }
        return diags.hasErrors() ? null : new CsvTable(source, lineStarts, header, new ArrayList<>(rows));
    }

    String file() {
        return source.name();
    }

    List<String> header() {
        return List.of(header.cells);
    }

    /** The index of the column named {@code name}, or -1. */
    int column(String name) {
        return columns.getOrDefault(name, -1);
    }

    int rows() {
        return rows.size();
    }

    /** The text of a cell without the white space around it (quotes removed, {@code ""} read as {@code "}). */
    String cell(int row, int column) {
        return rows.get(row).cells[column].strip();
    }

    /** The 1-based line of the file on which a data row starts. */
    int line(int row) {
        return positions().line(rows.get(row).starts[0]);
    }

    SourceSpan cellSpan(int row, int column) {
        Row r = rows.get(row);
        return positions().span(r.starts[column], r.ends[column]);
    }

    SourceSpan headerSpan(int column) {
        return positions().span(header.starts[column], header.ends[column]);
    }

    /** Where a problem with the header as a whole is reported: its first cell. */
    SourceSpan headerStart() {
        return positions().span(header.starts[0], header.starts[0]);
    }

    private Positions positions() {
        return new Positions(source.name(), source.text(), lineStarts);
    }

    private static String cells(int n) {
        return n == 1 ? "1 cell" : n + " cells";
    }

    /**
     * The text, strictly UTF-8 (a leading byte-order mark is skipped), registered for quoting.
     * Binary data or another encoding would give one error per bad byte run: only the first
     * problem is reported, a bad byte or a control character, whichever comes first.
     */
    private static SourceFile text(String name, byte[] bytes, Diagnostics diags) {
        Diagnostics utf8 = new Diagnostics();
        SourceFile source = SourceLoader.decode(name, bytes, utf8);
        if (source != null) {
            diags.addSource(source);
            return source;
        }
        boolean bom = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
        int skip = bom ? 3 : 0;
        String text = new String(bytes, skip, bytes.length - skip, StandardCharsets.UTF_8);
        diags.addSource(new SourceFile(name, text));
        SourceSpan bad = utf8.errors().get(0).span();
        int[] lineStarts = lineStarts(text);
        int badAt = lineStarts[Math.min(bad.line(), lineStarts.length) - 1];
        for (int k = 1; k < bad.column() && badAt < text.length(); k++) {
            badAt += Character.charCount(text.codePointAt(badAt));
        }
        if (!reportControlCharacter(new Positions(name, text, lineStarts), badAt, diags)) {
            diags.error(bad, "not a CSV file: invalid UTF-8 byte sequence (save it as UTF-8; GBK or Latin-1 text is not read)");
        }
        return null;
    }

    /** Reports the first control character before {@code limit} but tab and line breaks; whether there is one. */
    private static boolean reportControlCharacter(Positions at, int limit, Diagnostics diags) {
        String text = at.text();
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                diags.error(at.span(i, i + 1), String.format("not a CSV file: control character U+%04X (binary data?)", (int) c));
                return true;
            }
        }
        return false;
    }

    private static void checkHeader(Row header, Positions at, Diagnostics diags) {
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.cells.length; c++) {
            String name = header.cells[c].strip();
            header.cells[c] = name;
            SourceSpan span = at.span(header.starts[c], header.ends[c]);
            if (name.isEmpty()) {
                diags.error(span, "empty column name: every column needs a name in the header row");
            } else if (seen.containsKey(name)) {
                diags.error(span, "repeated column name " + Cells.quote(name) + " (also column " + (seen.get(name) + 1) + ")");
            } else {
                seen.put(name, c);
            }
        }
    }

    /** Every record, the header first, located in the text; null after reporting a malformed one. */
    private static List<Row> parse(String text, Positions at, Diagnostics diags) {
        List<Row> records = new ArrayList<>();
        int next = 0;
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            for (CSVRecord record : parser) {
                String[] cells = record.values();
                Scan scan = Scan.of(text, (int) record.getCharacterPosition());
                next = scan.end;
                if (cells.length == 1 && cells[0].isBlank()) {
                    continue; // a line of white space only is an empty line, not a row of one empty cell
                }
                records.add(scan.count == cells.length
                        ? new Row(cells, Arrays.copyOf(scan.starts, scan.count), Arrays.copyOf(scan.ends, scan.count))
                        : atRecordStart(cells, scan)); // Commons CSV split differently: cells keep its text
            }
        } catch (IOException | UncheckedIOException e) {
            Scan scan = Scan.of(text, next);
            if (scan.problem != null) {
                diags.error(at.span(scan.problemAt, scan.problemAt + 1), scan.problem);
            } else {
                Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
                diags.error(at.span(scan.start, scan.start), "malformed CSV: " + cause.getMessage());
            }
            return null;
        }
        if (records.isEmpty()) {
            diags.error(at.span(0, 0), "empty file: a CSV file needs a header row and data rows");
            return null;
        }
        return records;
    }

    private static Row atRecordStart(String[] cells, Scan scan) {
        int[] starts = new int[cells.length];
        Arrays.fill(starts, scan.start);
        return new Row(cells, starts, starts.clone());
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Where the cells of one record start and end, found by the rules Commons CSV splits by; or
     * the first place where the record breaks them, which Commons CSV only reports as a message.
     */
    private static final class Scan {
        final int start;
        int[] starts = new int[8];
        int[] ends = new int[8];
        int count;
        int end;
        String problem;
        int problemAt;

        private Scan(int start) {
            this.start = start;
        }

        static Scan of(String text, int from) {
            int n = text.length();
            int p = from;
            while (p < n && isLineBreak(text.charAt(p))) {
                p++; // the position Commons CSV gives is before the empty lines it skipped
            }
            Scan scan = new Scan(p);
            while (true) {
                int afterDelimiter = p;
                while (p < n && isSpace(text.charAt(p))) {
                    p++;
                }
                int cellStart = p;
                int cellEnd;
                if (p < n && text.charAt(p) == '"') {
                    p++;
                    while (true) {
                        if (p >= n) {
                            return scan.fail(cellStart, "unclosed quote: the quoted cell that starts here has no closing \"");
                        }
                        if (text.charAt(p) == '"') {
                            if (p + 1 < n && text.charAt(p + 1) == '"') {
                                p += 2;
                                continue;
                            }
                            p++;
                            break;
                        }
                        p++;
                    }
                    cellEnd = p;
                    while (p < n && isSpace(text.charAt(p))) {
                        p++;
                    }
                    if (p < n && text.charAt(p) != ',' && !isLineBreak(text.charAt(p))) {
                        return scan.fail(p, "text after the closing quote of a quoted cell (a quote inside a quoted cell is written \"\")");
                    }
                } else {
                    while (p < n && text.charAt(p) != ',' && !isLineBreak(text.charAt(p))) {
                        p++;
                    }
                    cellEnd = p;
                    while (cellEnd > cellStart && isSpace(text.charAt(cellEnd - 1))) {
                        cellEnd--;
                    }
                    if (cellEnd == cellStart) {
                        cellStart = cellEnd = afterDelimiter; // a blank cell is pointed at where it begins
                    }
                }
                scan.add(cellStart, cellEnd);
                if (p < n && text.charAt(p) == ',') {
                    p++;
                    continue;
                }
                scan.end = p;
                return scan;
            }
        }

        private void add(int cellStart, int cellEnd) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, 2 * count);
                ends = Arrays.copyOf(ends, 2 * count);
            }
            starts[count] = cellStart;
            ends[count] = cellEnd;
            count++;
        }

        private Scan fail(int at, String message) {
            problem = message;
            problemAt = at;
            return this;
        }

        private static boolean isLineBreak(char c) {
            return c == '\n' || c == '\r';
        }

        /** White space around a cell, as Commons CSV trims it: not the delimiter, not a line break. */
        private static boolean isSpace(char c) {
            return c != ',' && !isLineBreak(c) && Character.isWhitespace(c);
        }
    }

    /** Character offsets in the text as 1-based lines and code-point columns, the way diagnostics count. */
    private record Positions(String file, String text, int[] lineStarts) {
        SourceSpan span(int start, int end) {
            int line = line(start);
            int endLine = line(end);
            return new SourceSpan(file, line, column(line, start), endLine, column(endLine, end));
        }

        int line(int offset) {
            int i = Arrays.binarySearch(lineStarts, offset);
            return i >= 0 ? i + 1 : -i - 1;
        }

        private int column(int line, int offset) {
            return text.codePointCount(lineStarts[line - 1], offset) + 1;
        }
    }
}
