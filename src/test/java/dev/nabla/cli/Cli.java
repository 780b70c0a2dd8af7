package dev.nabla.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs {@link Main#execute} in-process and captures what it printed. */
public final class Cli {
    /** The header line of a diagnostic: {@code file:line:col: error: message}. */
    public static final Pattern ERROR_LINE = Pattern.compile("^.+:\\d+:\\d+: error: .+$");
    private static final Pattern CARET_LINE = Pattern.compile("^[ \\t]*\\^~*$");

    private Cli() {
    }

    /** Exit code and both streams of one run. */
    public record Run(int code, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        /** The {@code --json} report, parsed. */
        public JsonArray json() {
            return JsonParser.parseString(out).getAsJsonArray();
        }

        /** The report's object for the claim, derive chain or example with this label. */
        public JsonObject labelled(String label) {
            for (var e : json()) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("label") && !o.get("label").isJsonNull() && o.get("label").getAsString().equals(label)) {
                    return o;
                }
            }
            throw new AssertionError("no check labelled " + label + " in\n" + out);
        }

        /** The text report's block (header line and indented detail) of the check labelled so. */
        public String block(String label) {
            List<String> lines = outLines();
            for (int k = 0; k < lines.size(); k++) {
                if (lines.get(k).contains("\"" + label + "\":")) {
                    StringBuilder b = new StringBuilder(lines.get(k)).append('\n');
                    for (int m = k + 1; m < lines.size() && lines.get(m).startsWith("    "); m++) {
                        b.append(lines.get(m)).append('\n');
                    }
                    return b.toString();
                }
            }
            throw new AssertionError("no check labelled " + label + " in\n" + out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    public static Run run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing on either stream looks like a Java exception or stack trace. */
    public static void assertNoStackTrace(Run run) {
        for (String s : List.of(run.out(), run.err())) {
            assertFalse(s.contains("Exception"), run::toString);
            assertFalse(Pattern.compile("(?m)^\\s+at [\\w$.]+\\(").matcher(s).find(), run::toString);
            assertFalse(s.contains("at dev.nabla"), run::toString);
            assertFalse(s.contains("internal error"), run::toString);
        }
    }

    /**
     * Every diagnostic on stderr is {@code file:line:col: error: message}, the source line and a
     * caret under it; returns the header lines.
     */
    public static List<String> assertDiagnostics(String err) {
        List<String> lines = err.lines().toList();
        List<String> headers = new ArrayList<>();
        int k = 0;
        while (k < lines.size()) {
            String header = lines.get(k);
            if (k == lines.size() - 1 && header.matches("\\.\\.\\. and \\d+ more errors")) {
                break;
            }
            if (!ERROR_LINE.matcher(header).matches()) {
                fail("not a diagnostic header at line " + (k + 1) + ": " + header + "\n" + err);
            }
            headers.add(header);
            if (k + 2 >= lines.size()) {
                fail("diagnostic without source line and caret: " + header + "\n" + err);
            }
            String caret = lines.get(k + 2);
            assertTrue(CARET_LINE.matcher(caret).matches(), () -> "not a caret line: " + caret + "\n" + err);
            int column = Integer.parseInt(header.replaceFirst("^.+:\\d+:(\\d+): error: .+$", "$1"));
            String source = lines.get(k + 1);
            int caretColumn = caret.codePointCount(0, caret.indexOf('^')) + 1;
            assertEquals(Math.min(column, source.codePointCount(0, source.length()) + 1), caretColumn,
                    () -> "caret not under column " + column + ": " + header + "\n" + err);
            k += 3;
        }
        return headers;
    }
}
