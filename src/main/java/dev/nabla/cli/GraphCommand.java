package dev.nabla.cli;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.report.AdjointListing;
import dev.nabla.report.ComputationGraph;
import dev.nabla.report.HtmlReport;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.ir.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nabla graph FILE}: the computation graph the report draws, as Graphviz DOT. */
@Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Print a file's computation graph as Graphviz DOT: leaves, definitions, and the",
                "adjoints of its objective (the train statement's, else each scalar definition a claim differentiates)."})
final class GraphCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .nabla file.")
    Path file;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(file, diags);
        if (program == null) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        Model model = new Model(program);
        List<AdjointListing> listings = new ArrayList<>();
        for (DefinitionSymbol objective : HtmlReport.objectives(program)) {
            listings.add(AdjointListing.derive(model, objective, HtmlReport.variables(program, model)));
        }
        String name = file.getFileName().toString().replaceFirst("\\.nabla$", "");
        spec.commandLine().getOut().print(ComputationGraph.of(model, listings).dot(name));
        return Main.OK;
    }
}
