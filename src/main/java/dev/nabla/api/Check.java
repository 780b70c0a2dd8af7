package dev.nabla.api;

import dev.nabla.diag.SourceSpan;

/**
 * One checked statement of a file, before it is checked.
 *
 * @param id    unique within its file and stable while the file is unchanged: {@code claim@17:1}
 *              (kind, line and column of the statement), or {@code file} for a file that does not load
 * @param kind  what it is
 * @param label its label, or null
 * @param span  where it is (for a derive step: its right side)
 */
public record Check(String id, Kind kind, String label, SourceSpan span) {

    /** {@code claim "5.11"}, {@code derive}, {@code file}: how the CLI names it after the verdict. */
    public String title() {
        return kind.word() + (label == null ? "" : " \"" + label + "\"");
    }
}
