package dev.nabla.diag;

import java.util.List;

/** The text of one input file, kept so that diagnostics can quote the offending line. */
public record SourceFile(String name, String text) {

    /** The 1-based line {@code n} without its line terminator, or "" past the end. */
    public String line(int n) {
        List<String> lines = text.lines().toList();
        return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
    }
}
