package dev.nabla.cli;

import dev.nabla.api.FileResult;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Nabla;
import dev.nabla.api.Result;
import dev.nabla.api.Settings;
import dev.nabla.latex.Notation;
import dev.nabla.report.HtmlReport;
import dev.nabla.report.LossPlot;
import picocli.CommandLine;
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

    @CommandLine.Mixin
    SamplingOptions sampling;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = sampling.settings(spec.commandLine());
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            // before checking anything, so that no run is lost to a wrong -o
            err.println(output + ": error: cannot write: there is no directory " + dir);
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
        for (Path f : files) {
            code[0] = Math.max(code[0], CheckCommand.isolated(f, err, () -> checkFile(f, settings, checked, err)));
        }
        if (files.isEmpty()) {
            // an earlier report at that path is worth more than an empty one
            err.println(output + ": error: not written: no .nabla file to report on");
            return Main.BAD_INPUT;
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

    private int checkFile(Path f, Settings settings, List<HtmlReport.File> checked, PrintWriter err) {
        LoadedFile loaded = Nabla.load(f);
        FileResult results = loaded.checkAll(settings);
        err.print(results.renderDiagnostics());
        checked.add(new HtmlReport.File(loaded, results));
        if (!results.loaded()) {
            return Main.BAD_INPUT;
        }
        int code = Main.OK;
        for (Result r : results.results()) {
            code = Math.max(code, CheckCommand.exitCode(r));
        }
        return code;
    }
}
