package dev.nabla.cli;

import dev.nabla.codegen.CompiledTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code nabla} command: checks derivations, prints derived gradients, trains and predicts. */
@Command(name = "nabla", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Symbolic reverse-mode autodiff and derivation verifier for indexed formulas.",
        subcommands = {CheckCommand.class, GradCommand.class, CompileCommand.class, TrainCommand.class,
                PredictCommand.class, ReportCommand.class, GraphCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit codes: everything holds, something was refuted, the input is bad, nabla has a bug. */
    static final int OK = 0;
    static final int REFUTED = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL_ERROR = 70;

    /** Deeply nested formulas recurse deeply; a large stack turns that into a diagnostic, not a crash. */
    private static final long STACK_BYTES = 1L << 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: check, grad, compile, train, predict, report, graph or completion");
    }

    public static void main(String[] args) {
        int[] code = {INTERNAL_ERROR};
        // files are UTF-8, so labels and quoted lines are too, whatever the locale says
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Thread worker = new Thread(null, () -> code[0] = execute(args, out, err), "nabla", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(code[0]);
    }

    /** Runs the command line with the given streams and returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("nabla: " + ex.getMessage());
            err.println("Try 'nabla --help' for usage.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CompiledTrainer.CacheUnusable) {
                err.println("nabla: error: " + ex.getMessage());
                return BAD_INPUT;
            }
            return internalError("nabla: internal error", ex, err);
        });
        try {
            return cli.execute(args);
        } catch (StackOverflowError e) {
            err.println("nabla: error: the input is nested too deeply to process");
            return BAD_INPUT;
        } catch (OutOfMemoryError e) {
            err.println("nabla: error: out of memory; are the sizes too large (--max-size)?");
            return BAD_INPUT;
        } catch (Error e) {
            return internalError("nabla: internal error", e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * A bug in nabla, not in the input: one line starting with {@code what}, and the stack trace
     * only when asked for. Returns the exit code.
     */
    static int internalError(String what, Throwable ex, PrintWriter err) {
        err.println(what + ": " + ex);
        if (System.getenv("NABLA_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("This is a bug in nabla. Set NABLA_DEBUG=1 to see where it happened.");
        }
        return INTERNAL_ERROR;
    }

    /** The version from the jar's manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"nabla " + (v == null ? "development" : v)};
        }
    }
}
