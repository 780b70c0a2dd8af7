package dev.nabla.diag;

/** The text of one input file, kept so that diagnostics can quote the offending line. */
public record SourceFile(String name, String text) {

    /**
     * The 1-based line {@code n} without its line terminator, or "" past the end. Lines end at
     * {@code \n} (a {@code \r} before it is dropped), as the lexer and the decoder count them: a
     * lone {@code \r} is white space inside a line, so it must not shift the line that is quoted.
     */
    public String line(int n) {
        String[] lines = text.split("\n", -1);
        if (n < 1 || n > lines.length) {
            return "";
        }
        String line = lines[n - 1];
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
