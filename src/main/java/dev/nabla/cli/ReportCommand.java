package dev.nabla.cli;

import dev.nabla.diag.Diagnostics;
import dev.nabla.latex.Notation;
import dev.nabla.report.HtmlReport;
import dev.nabla.report.LossPlot;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.verify.Check;
import dev.nabla.verify.RandomChecker;
import dev.nabla.verify.Verdict;
import dev.nabla.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nabla report PATH... -o report.html}: the checks, derived gradients and graphs as one offline page. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Check .nabla files and write one self-contained HTML page: every check with its",
                "verdict and formula, the derived adjoint programs and the computation graphs.",
                "Exit codes as for check."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or folders searched recursively for *.nabla.")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.html", description = "Where to write the page.")
    Path output;

    @Option(names = "--history", paramLabel = "FILE.csv", description = "A training history from train --history, to plot.")
    Path history;

    @Option(names = "--notation", paramLabel = "PRESET",
            description = "standard or book (f for the sigmoid, ln for log) (default: standard).")
    Notation.Preset notation = Notation.Preset.STANDARD;

    @Option(names = "--samples", paramLabel = "N", description = "Random instantiations per check (default: ${DEFAULT-VALUE}).")
    int samples = RandomChecker.Settings.DEFAULT_SAMPLES;

    @Option(names = "--max-size", paramLabel = "N", description = "Largest size drawn for a dim (default: ${DEFAULT-VALUE}).")
    int maxSize = RandomChecker.Settings.DEFAULT_MAX_SIZE;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random instantiations (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (samples < 1 || maxSize < 1) {
            err.println("nabla report: --samples and --max-size must be at least 1");
            return Main.BAD_INPUT;
        }
        LossPlot plot = null;
        if (history != null) {
            try {
                plot = LossPlot.parse(Files.readString(history, StandardCharsets.UTF_8));
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println(history + ": error: cannot read: " + e.getMessage());
                return Main.BAD_INPUT;
            } catch (IllegalArgumentException e) {
                err.println(history + ": error: " + e.getMessage());
                return Main.BAD_INPUT;
            }
        }
        long start = System.nanoTime();
        int[] code = {Main.OK};
        List<Path> files = NablaFiles.collect(paths, err, code);
        List<HtmlReport.File> checked = new ArrayList<>();
        HtmlReport report = new HtmlReport(new Notation(notation));
        RandomChecker.Settings settings = new RandomChecker.Settings(samples, maxSize, seed);
        for (Path f : files) {
            code[0] = Math.max(code[0], CheckCommand.isolated(f, err, () -> checkFile(f, settings, checked, err)));
        }
        String page = report.render(checked, plot, (System.nanoTime() - start) / 1e9);
        try {
            Files.writeString(output, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(output + ": error: cannot write: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        out.printf("wrote %s (%d KiB): %d files%n", output, (page.getBytes(StandardCharsets.UTF_8).length + 1023) / 1024,
                files.size());
        return code[0];
    }

    private int checkFile(Path f, RandomChecker.Settings settings, List<HtmlReport.File> checked, PrintWriter err) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(f, diags);
        if (program == null) {
            err.print(diags.render());
            checked.add(new HtmlReport.File(f.toString(), null, List.of()));
            return Main.BAD_INPUT;
        }
        program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        Verifier verifier = new Verifier(program, settings);
        List<Check> checks = verifier.run();
        verifier.errors().forEach(d -> diags.error(d.span(), d.message()));
        err.print(diags.render());
        checked.add(new HtmlReport.File(f.toString(), program, checks));
        int code = Main.OK;
        for (Check c : checks) {
            if (c.verdict() == Verdict.REFUTED || c.verdict() == Verdict.INCONCLUSIVE) {
                code = Math.max(code, Main.REFUTED);
            } else if (c.verdict() == Verdict.ERROR) {
                code = Math.max(code, Main.BAD_INPUT);
            }
        }
        return code;
    }
}
