package dev.nabla.cli;

import dev.nabla.api.FileResult;
import dev.nabla.api.GithubAnnotations;
import dev.nabla.api.JunitXmlReport;
import dev.nabla.api.JsonReport;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Nabla;
import dev.nabla.api.Result;
import dev.nabla.api.Settings;
import dev.nabla.api.TextReport;
import dev.nabla.latex.Notation;
import dev.nabla.report.CheckedStatements;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;

/** {@code nabla check PATH...}: a verdict for every claim, derive chain and example. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Check every claim, derive step and example in .nabla files.",
                "Exit 0 if everything holds, 1 if anything is refuted or inconclusive, 2 on bad input",
                "(including a statement that cannot be checked)."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or folders searched recursively for *.nabla.")
    List<Path> paths;

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of text (as --format json).")
    boolean json;

    enum Format { TEXT, JSON, JUNIT, GITHUB, LATEX }

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = {"text (default), json, junit (JUnit XML for GitLab, Jenkins and GitHub report actions),",
                    "github (text plus ::error workflow annotations at each failing line)",
                    "or latex (each check's formula in the book's notation, verdicts as comments)."})
    Format format = Format.TEXT;

    @Option(names = "--notation", paramLabel = "PRESET",
            description = "For --format latex: standard or book (f for the sigmoid, ln for log) (default: standard).")
    Notation.Preset notation = Notation.Preset.STANDARD;

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("unknown format '" + value + "': text, json, junit, github or latex");
        }
    }

    @CommandLine.Mixin
    SamplingOptions sampling;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings = sampling.settings(spec.commandLine());
        if (json) {
            format = Format.JSON;
        }
        long start = System.nanoTime();
        int code = Main.OK;
        int[] listed = {Main.OK};
        java.util.Map<Path, String> unreadable = new java.util.LinkedHashMap<>();
        List<Path> files = NablaFiles.collect(paths, err, listed, unreadable);
        code = Math.max(code, listed[0]);
        List<FileResult> all = new ArrayList<>();
        unreadable.forEach((p, why) -> all.add(FileResult.failed(p.toString(), why)));
        for (Path f : files) {
            int before = all.size();
            int fileCode = isolated(f, err, () -> checkFile(f, settings, all, out, err));
            if (all.size() == before) {
                // nabla failed on the file: the machine-readable reports must not lose it
                all.add(FileResult.failed(f.toString(), fileCode == Main.INTERNAL_ERROR
                        ? "nabla failed on this file: an internal error, a bug in nabla" : "the file could not be checked"));
            }
            code = Math.max(code, fileCode);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        switch (format) {
            case JSON:
                out.println(JsonReport.json(all));
                break;
            case JUNIT:
                out.print(JunitXmlReport.xml(all, seconds));
                break;
            case LATEX:
                out.println("% " + TextReport.summary(all, files.size(), seconds));
                break;
            case GITHUB:
                out.print(GithubAnnotations.annotations(all));
                out.println(TextReport.ending(all, files.size(), seconds, false));
                break;
            default:
                out.println(TextReport.ending(all, files.size(), seconds, colour()));
        }
        return code;
    }

    /**
     * Runs the work on one file and returns its exit code. If nabla fails on the file, that is
     * reported for the file alone (an internal error exits 70 at the end), and the other files
     * are still checked.
     */
    static int isolated(Path f, PrintWriter err, IntSupplier work) {
        try {
            return work.getAsInt();
        } catch (StackOverflowError e) {
            err.println(f + ": error: the input is nested too deeply to process");
            return Main.BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println(f + ": error: out of memory while checking this file");
            return Main.BAD_INPUT;
        } catch (RuntimeException | Error e) {
            return Main.internalError(f + ": internal error", e, err);
        }
    }

    /** Checks one file, adding its results to {@code all} and printing them; returns its exit code. */
    private int checkFile(Path f, Settings settings, List<FileResult> all, PrintWriter out, PrintWriter err) {
        LoadedFile loaded = Nabla.load(f);
        FileResult file = loaded.checkAll(settings);
        all.add(file);
        // what makes a file or a statement uncheckable, with the source line, before the verdicts
        err.print(file.renderDiagnostics());
        if (!file.loaded()) {
            return Main.BAD_INPUT;
        }
        if (format == Format.LATEX) {
            out.print(CheckedStatements.latex(loaded, file, new Notation(notation)));
        }
        int code = Main.OK;
        for (Result r : file.results()) {
            if (format == Format.TEXT || format == Format.GITHUB) {
                out.print(TextReport.text(r, format == Format.TEXT && colour()));
            }
            code = Math.max(code, exitCode(r));
        }
        return code;
    }

    /** Colour only on a terminal, and never when {@code NO_COLOR} is set (no-color.org). */
    private static boolean colour() {
        String noColor = System.getenv("NO_COLOR");
        return System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    static int exitCode(Result r) {
        switch (r.status()) {
            case PASSED:
                return Main.OK;
            case ERROR:
                return Main.BAD_INPUT;
            default:
                return Main.REFUTED;
        }
    }
}
