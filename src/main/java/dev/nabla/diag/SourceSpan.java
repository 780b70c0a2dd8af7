package dev.nabla.diag;

/**
 * A region of a source file: 1-based line and column of its first character (columns count
 * Unicode code points), and the line and column just past its last character.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {

    /** A span that covers from the start of {@code first} to the end of {@code last}. */
    public static SourceSpan cover(SourceSpan first, SourceSpan last) {
        return new SourceSpan(first.file, first.line, first.column, last.endLine, last.endColumn);
    }

    /** A zero-width span at a point. */
    public static SourceSpan at(String file, int line, int column) {
        return new SourceSpan(file, line, column, line, column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
