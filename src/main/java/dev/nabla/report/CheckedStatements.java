package dev.nabla.report;

import dev.nabla.api.FileResult;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Result;
import dev.nabla.latex.AstLatex;
import dev.nabla.latex.Notation;

import java.util.ArrayList;
import java.util.List;

/** A file's results beside the LaTeX of the statements they check, so that each verdict can be shown with its formula as written. */
public final class CheckedStatements {
    private CheckedStatements() {
    }

    /** A result and its statement's formula (null when there is none to show). */
    public record Entry(Result result, String latex) {
    }

    public static List<Entry> of(LoadedFile file, FileResult results, Notation notation) {
        AstLatex latex = file.loaded() ? new AstLatex(file.program(), notation) : null;
        List<Entry> out = new ArrayList<>();
        for (Result r : results.results()) {
            var statement = file.statement(r.check().id());
            out.add(new Entry(r, statement == null ? null : latex.statement(statement)));
        }
        return out;
    }

    /**
     * What {@code check --format latex} prints for one file: per check, a comment with where it
     * is and its verdict, the counterexample (and its explanation) or error as comments, then the
     * formula in display math.
     */
    public static String latex(LoadedFile file, FileResult results, Notation notation) {
        StringBuilder out = new StringBuilder();
        for (Entry e : of(file, results, notation)) {
            Result r = e.result();
            out.append("% ").append(r.file()).append(':').append(r.line()).append(": ").append(r.verdict().word())
                    .append(' ').append(r.kind().word()).append(r.label() == null ? "" : " \"" + r.label() + "\"")
                    .append('\n');
            if (r.evidence() != null) {
                for (String line : r.evidence().split("\n")) {
                    out.append("%   ").append(line).append('\n');
                }
            }
            if (e.latex() != null) {
                out.append("\\[\n").append(e.latex()).append("\n\\]\n");
            }
        }
        return out.toString();
    }
}
