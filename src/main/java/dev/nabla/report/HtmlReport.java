package dev.nabla.report;

import dev.nabla.api.Counterexample;
import dev.nabla.api.FileResult;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Result;
import dev.nabla.api.TextReport;
import dev.nabla.autodiff.Model;
import dev.nabla.ir.Tensor;
import dev.nabla.latex.Notation;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;
import dev.nabla.syntax.Ast;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code nabla report}: one self-contained HTML page, readable offline. Per file, every check
 * with its verdict and evidence, its formula in LaTeX, the counterexample; the adjoint program
 * of the file's objectives; the computation graph. KaTeX, its fonts and the pictures are inlined:
 * the page loads nothing.
 */
public final class HtmlReport {
    /** One checked file: the file, loaded, and its results. */
    public record File(LoadedFile file, FileResult results) {
    }

    private final Notation notation;
    private final Katex katex = Katex.load();

    public HtmlReport(Notation notation) {
        this.notation = notation;
    }

    /**
     * The definitions whose gradients the report derives: the {@code train} statement's
     * objective, else every scalar definition that a claim, derive chain or expect differentiates.
     */
    public static List<DefinitionSymbol> objectives(Program program) {
        Set<String> names = new LinkedHashSet<>();
        if (program.train() != null) {
            names.add(program.train().objective().text());
        } else {
            for (Ast.Statement s : program.file().statements()) {
                if (program.errorsOf(s).isEmpty()) {
                    collectDifferentiated(s, names);
                }
            }
        }
        List<DefinitionSymbol> out = new ArrayList<>();
        for (String n : names) {
            Symbol s = program.symbol(n);
            if (s instanceof DefinitionSymbol && ((DefinitionSymbol) s).indices().isEmpty()) {
                out.add((DefinitionSymbol) s);
            }
        }
        return out;
    }

    private static void collectDifferentiated(Ast.Statement s, Set<String> names) {
        List<Ast.Expr> roots = new ArrayList<>();
        if (s instanceof Ast.Claim) {
            roots.add(((Ast.Claim) s).lhs());
            roots.add(((Ast.Claim) s).rhs());
        } else if (s instanceof Ast.Derive) {
            roots.addAll(((Ast.Derive) s).steps());
        } else if (s instanceof Ast.Example) {
            for (Ast.ExampleItem item : ((Ast.Example) s).items()) {
                if (item instanceof Ast.Expect) {
                    roots.add(((Ast.Expect) item).lhs());
                    roots.add(((Ast.Expect) item).rhs());
                }
            }
        }
        while (!roots.isEmpty()) {
            Ast.Expr e = roots.remove(roots.size() - 1);
            if (e instanceof Ast.Diff) {
                Ast.Expr f = ((Ast.Diff) e).function();
                if (f instanceof Ast.Ref && ((Ast.Ref) f).indices().isEmpty()) {
                    names.add(((Ast.Ref) f).name().text());
                }
                roots.add(f);
            } else if (e instanceof Ast.Neg) {
                roots.add(((Ast.Neg) e).operand());
            } else if (e instanceof Ast.Binary) {
                roots.add(((Ast.Binary) e).left());
                roots.add(((Ast.Binary) e).right());
            } else if (e instanceof Ast.Call) {
                roots.addAll(((Ast.Call) e).args());
            } else if (e instanceof Ast.Sum) {
                roots.add(((Ast.Sum) e).body());
            }
        }
    }

    /** The trained (or differentiated) parameters of an objective: the train statement's, else every param. */
    public static List<Tensor> variables(Program program, Model model) {
        List<Tensor> out = new ArrayList<>();
        if (program.train() != null) {
            for (Ast.Name p : program.train().parameters()) {
                out.add(model.lowering().tensor(p.text()));
            }
            return out;
        }
        program.leaves().forEach(l -> {
            if (l.kind() == Ast.LeafKind.PARAM) {
                out.add(model.lowering().tensor(l.name()));
            }
        });
        return out;
    }

    /** The page. {@code history} may be null. */
    public String render(List<File> files, LossPlot history, double seconds) {
        StringBuilder body = new StringBuilder();
        List<FileResult> all = new ArrayList<>();
        for (File f : files) {
            all.add(f.results());
        }
        body.append("<h1>nabla report</h1>\n<p class=\"summary\">")
                .append(Html.escape(TextReport.summary(all, files.size(), seconds))).append("</p>\n");
        if (history != null) {
            body.append("<section class=\"training\"><h2>Training</h2>\n<p>Loss per epoch over ").append(history.epochs())
                    .append(" epochs.</p>\n").append(history.svg()).append("\n</section>\n");
        }
        for (File f : files) {
            file(f, body);
        }
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>nabla report</title>\n<style>\n" + katex.styleSheet() + "\n</style>\n<style>\n" + STYLE
                + "</style>\n</head>\n<body>\n" + body
                + "<footer>Formulas typeset by KaTeX, embedded under its licence:<pre>" + Html.escape(katex.licence())
                + "</pre></footer>\n<script>\n" + katex.script().replace("</script", "<\\/script") + "\n</script>\n<script>\n"
                + RENDER + "</script>\n</body>\n</html>\n";
    }

    private void file(File f, StringBuilder out) {
        out.append("<section class=\"file\">\n<h2>").append(Html.escape(f.file().name())).append("</h2>\n");
        if (!f.file().loaded()) {
            out.append("<p><span class=\"verdict error\">error</span> this file does not load:</p>\n<pre class=\"evidence\">")
                    .append(Html.escape(f.results().renderDiagnostics())).append("</pre>\n</section>\n");
            return;
        }
        Program program = f.file().program();
        out.append("<table class=\"checks\">\n<tr><th>line</th><th>verdict</th><th>check</th><th>formula</th></tr>\n");
        for (CheckedStatements.Entry e : CheckedStatements.of(f.file(), f.results(), notation)) {
            Result r = e.result();
            String verdict = r.verdict().word();
            out.append("<tr class=\"").append(verdict).append("\"><td>").append(r.line())
                    .append("</td><td><span class=\"verdict ").append(verdict).append("\">").append(verdict)
                    .append("</span></td><td>").append(r.kind().word())
                    .append(r.label() == null ? "" : " <q>" + Html.escape(r.label()) + "</q>").append("</td><td>");
            if (e.latex() != null) {
                math(e.latex(), out);
            }
            out.append("<pre class=\"evidence\">").append(Html.escape(TextReport.text(r).strip())).append("</pre>");
            Result failing = r.firstFailingStep().orElse(r);
            if (failing.counterexample() != null) {
                counterexample(failing.counterexample(), out);
            }
            out.append("</td></tr>\n");
        }
        out.append("</table>\n");
        Model model = new Model(program);
        List<AdjointListing> listings = new ArrayList<>();
        for (DefinitionSymbol objective : objectives(program)) {
            AdjointListing listing = AdjointListing.derive(model, objective, variables(program, model));
            listings.add(listing);
            out.append("<h3>Adjoint program of ").append(Html.escape(objective.name()))
                    .append(", derived by reverse mode</h3>\n");
            for (AdjointListing.Section s : listing.sections()) {
                if (!s.definitions().isEmpty()) {
                    math(AdjointListing.aligned(listing.latex(notation), s.definitions()), out);
                }
            }
            for (Tensor t : listing.unrelated()) {
                out.append("<p>").append(Html.escape(objective.name())).append(" does not depend on ")
                        .append(Html.escape(t.name())).append(": its adjoint is 0.</p>\n");
            }
        }
        out.append("<h3>Computation graph</h3>\n<p class=\"legend\"><span class=\"leaf\">leaf</span> "
                + "<span class=\"node\">definition</span> <span class=\"adjoint\">adjoint</span></p>\n<div class=\"graph\">")
                .append(ComputationGraph.of(model, listings).svg()).append("</div>\n</section>\n");
    }

    private static void math(String latex, StringBuilder out) {
        out.append("<div class=\"math\" data-tex=\"").append(Html.escape(latex)).append("\"></div>");
    }

    /** Where the sides differ, both values side by side, and the instance as an example block to paste back. */
    private static void counterexample(Counterexample c, StringBuilder out) {
        StringBuilder where = new StringBuilder();
        c.at().forEach((i, p) -> where.append(where.length() == 0 ? "at " : ", ").append(i).append(" = ").append(p));
        out.append("<div class=\"counterexample\"><p><b>Counterexample</b>").append(Html.escape(
                where.length() == 0 ? "" : " " + where)).append(": left side <code>").append(Html.escape(c.lhsText()))
                .append("</code>, right side <code>").append(Html.escape(c.rhsText())).append("</code></p><pre>")
                .append(Html.escape(c.render())).append("</pre></div>");
    }

    /** Typesets every formula; a formula KaTeX cannot read shows as its source, marked as an error. */
    private static final String RENDER = "for (const el of document.querySelectorAll('[data-tex]')) {\n"
            + "  katex.render(el.dataset.tex, el, {displayMode: true, throwOnError: false});\n}\n";

    private static final String STYLE = String.join("\n",
            "body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }",
            "h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }",
            "table.checks { border-collapse: collapse; width: 100%; }",
            "table.checks td, table.checks th { border-top: 1px solid #eee; padding: .4em .6em; vertical-align: top; text-align: left; }",
            ".verdict { font-weight: bold; padding: .1em .4em; border-radius: .3em; }",
            ".verdict.proved { background: #d8f3dc; color: #1b5e20; }",
            ".verdict.tested { background: #e3f2fd; color: #0d47a1; }",
            ".verdict.refuted, .verdict.error { background: #ffe0e0; color: #b71c1c; }",
            ".verdict.inconclusive { background: #fff3cd; color: #7a5a00; }",
            "pre.evidence { font-size: .85em; color: #555; white-space: pre-wrap; margin: .3em 0 0; }",
            "tr.refuted pre.evidence, tr.error pre.evidence { color: #b71c1c; }",
            ".counterexample { border-left: 3px solid #b71c1c; padding-left: .6em; margin-top: .4em; }",
            ".counterexample pre { font-size: .85em; margin: 0; }",
            ".math { overflow-x: auto; }",
            "div.graph { overflow-x: auto; }",
            ".legend span { padding: .1em .5em; border: 1px solid #555; margin-right: .5em; font-size: .85em; }",
            ".legend .leaf { background: #e8f0fb; border-radius: 1em; } .legend .adjoint { background: #fde7c8; }",
            "footer { margin-top: 3em; font-size: .75em; color: #777; } footer pre { white-space: pre-wrap; }",
            "");
}
