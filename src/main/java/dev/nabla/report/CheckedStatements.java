package dev.nabla.report;

import dev.nabla.latex.AstLatex;
import dev.nabla.latex.Notation;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import dev.nabla.verify.Check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A file's checks beside the statements they check, so that each verdict can be shown with its
 * formula as written. A check names its statement by line; a statement that nothing renders
 * (a kind of statement this does not know) leaves its check without a formula.
 */
public final class CheckedStatements {
    private CheckedStatements() {
    }

    /** A check and the LaTeX of its statement (null when there is none to show). */
    public record Entry(Check check, Ast.Statement statement, String latex) {
    }

    public static List<Entry> of(Program program, List<Check> checks, Notation notation) {
        AstLatex latex = new AstLatex(program, notation);
        Set<Ast.Statement> used = new HashSet<>();
        List<Entry> out = new ArrayList<>();
        for (Check c : checks) {
            Ast.Statement match = null;
            for (Ast.Statement s : program.file().statements()) {
                if (s.span().line() == c.line() && !used.contains(s) && latex.statement(s) != null) {
                    match = s;
                    break;
                }
            }
            if (match != null) {
                used.add(match);
            }
            out.add(new Entry(c, match, match == null ? null : latex.statement(match)));
        }
        return out;
    }

    /**
     * What {@code check --format latex} prints for one file: per check, a comment with where it
     * is and its verdict, the counterexample or error as comments, then the formula in display math.
     */
    public static String latex(Program program, List<Check> checks, Notation notation) {
        StringBuilder out = new StringBuilder();
        for (Entry e : of(program, checks, notation)) {
            Check c = e.check();
            out.append("% ").append(c.file()).append(':').append(c.line()).append(": ").append(c.verdict().word())
                    .append(' ').append(c.kind()).append(c.label() == null ? "" : " \"" + c.label() + "\"").append('\n');
            if (c.detail() != null) {
                for (String line : c.detail().split("\n")) {
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
