package dev.nabla.cli;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.ir.Tensor;
import dev.nabla.latex.Notation;
import dev.nabla.report.AdjointListing;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nabla grad FILE --of NAME}: the adjoint program reverse mode derives, as nabla definitions. */
@Command(name = "grad", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Print the adjoint program of a definition as .nabla definitions.",
                "One definition per node, from the objective back to the leaves, each using the",
                "adjoints before it."})
final class GradCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .nabla file.")
    Path file;

    @Option(names = "--of", required = true, paramLabel = "NAME", description = "The definition to differentiate (e.g. E).")
    String of;

    @Option(names = "--wrt", arity = "1..*", paramLabel = "LEAF",
            description = {"The leaves (or nodes) to differentiate with respect to",
                    "(default: every param, or every leaf if there is none)."})
    List<String> wrt;

    enum Format { TEXT, LATEX }

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text (.nabla definitions) or latex (the book's notation) (default: text).")
    Format format = Format.TEXT;

    @Option(names = "--notation", paramLabel = "PRESET", description = {"For --format latex: standard (sigmoid as \\sigma)",
            "or book (the watermelon book's f for the sigmoid, ln for log) (default: standard)."})
    Notation.Preset notation = Notation.Preset.STANDARD;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(file, diags);
        if (program != null) {
            program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        }
        if (diags.hasErrors()) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        Symbol target = program.symbol(of);
        if (!(target instanceof DefinitionSymbol)) {
            err.println("nabla grad: " + file + " has no definition named '" + of + "'");
            return Main.BAD_INPUT;
        }
        Model model = new Model(program);
        List<Tensor> wanted = new ArrayList<>();
        for (String name : wrt != null ? wrt : params(program)) {
            Tensor t = model.lowering().tensor(name);
            if (t == null) {
                err.println("nabla grad: " + file + " declares no leaf or node named '" + name + "'");
                return Main.BAD_INPUT;
            }
            wanted.add(t);
        }
        AdjointListing listing = AdjointListing.derive(model, (DefinitionSymbol) target, wanted);
        out.print(format == Format.LATEX ? listing.latex(file.toString(), new Notation(notation))
                : listing.text(file.toString()));
        return Main.OK;
    }

    /** Every param, or every leaf when the file declares no param. */
    private static List<String> params(Program program) {
        List<String> params = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        program.leaves().forEach(l -> {
            leaves.add(l.name());
            if (l.kind() == dev.nabla.syntax.Ast.LeafKind.PARAM) {
                params.add(l.name());
            }
        });
        return params.isEmpty() ? leaves : params;
    }
}
