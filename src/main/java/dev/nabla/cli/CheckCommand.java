package dev.nabla.cli;

import dev.nabla.diag.Diagnostics;
import dev.nabla.latex.Notation;
import dev.nabla.report.CheckedStatements;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.verify.Check;
import dev.nabla.verify.RandomChecker;
import dev.nabla.verify.Report;
import dev.nabla.verify.Verdict;
import dev.nabla.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** {@code nabla check PATH...}: a verdict for every claim, derive chain and example. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Check every claim, derive step and example in .nabla files.",
                "Exit 0 if everything holds, 1 if anything is refuted, 2 on bad input",
                "(including a statement that cannot be checked)."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or folders searched recursively for *.nabla.")
    List<Path> paths;

    @Option(names = "--json", description = "Print a machine-readable JSON report instead of text.")
    boolean json;

    enum Format { TEXT, JSON, LATEX }

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, json (as --json) or latex (each check's formula in the book's notation) (default: text).")
    Format format = Format.TEXT;

    @Option(names = "--notation", paramLabel = "PRESET",
            description = "For --format latex: standard or book (f for the sigmoid, ln for log) (default: standard).")
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
            err.println("nabla check: --samples and --max-size must be at least 1");
            return Main.BAD_INPUT;
        }
        if (json) {
            format = Format.JSON;
        }
        long start = System.nanoTime();
        int code = Main.OK;
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println(p + ": error: no such file or folder");
                code = Main.BAD_INPUT;
            } else if (Files.isDirectory(p)) {
                int before = files.size();
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".nabla") && Files.isRegularFile(f)).sorted()
                            .forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    err.println(p + ": error: cannot list folder: " + e.getMessage());
                    code = Main.BAD_INPUT;
                }
                if (files.size() == before) {
                    // a wrong path in a CI script must not pass silently
                    err.println(p + ": error: no .nabla files in this folder");
                    code = Main.BAD_INPUT;
                }
            } else {
                files.add(p);
            }
        }
        List<Check> all = new ArrayList<>();
        RandomChecker.Settings settings = new RandomChecker.Settings(samples, maxSize, seed);
        for (Path f : files) {
            code = Math.max(code, isolated(f, err, () -> checkFile(f, settings, all, out, err)));
        }
        if (format == Format.JSON) {
            out.println(Report.json(all));
        } else if (format == Format.LATEX) {
            out.println("% " + summary(all, files.size(), (System.nanoTime() - start) / 1e9));
        } else {
            out.println(summary(all, files.size(), (System.nanoTime() - start) / 1e9));
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

    /** Checks one file, adding its checks to {@code all} and printing them; returns its exit code. */
    private int checkFile(Path f, RandomChecker.Settings settings, List<Check> all, PrintWriter out,
                          PrintWriter err) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(f, diags);
        if (program == null) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        // ill-formed claims, derive chains and examples: reported, then given the verdict error
        program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        Verifier verifier = new Verifier(program, settings);
        List<Check> checks = verifier.run();
        // and those the verifier found too large to evaluate
        verifier.errors().forEach(d -> diags.error(d.span(), d.message()));
        err.print(diags.render());
        int code = Main.OK;
        if (format == Format.LATEX) {
            out.print(CheckedStatements.latex(program, checks, new Notation(notation)));
        }
        for (Check c : checks) {
            if (format == Format.TEXT) {
                out.print(Report.text(c));
            }
            if (c.verdict() == Verdict.REFUTED || c.verdict() == Verdict.INCONCLUSIVE) {
                code = Math.max(code, Main.REFUTED);
            } else if (c.verdict() == Verdict.ERROR) {
                code = Math.max(code, Main.BAD_INPUT);
            }
        }
        all.addAll(checks);
        return code;
    }

    private static String summary(List<Check> checks, int files, double seconds) {
        int[] count = new int[Verdict.values().length];
        for (Check c : checks) {
            count[c.verdict().ordinal()]++;
        }
        int inconclusive = count[Verdict.INCONCLUSIVE.ordinal()];
        return String.format(Locale.ROOT, "%d checked in %d file%s: %d proved, %d tested, %d refuted, %s%d errors (%.1f s)",
                checks.size(), files, files == 1 ? "" : "s", count[Verdict.PROVED.ordinal()],
                count[Verdict.TESTED.ordinal()], count[Verdict.REFUTED.ordinal()],
                inconclusive == 0 ? "" : inconclusive + " inconclusive, ", count[Verdict.ERROR.ordinal()], seconds);
    }
}
