package dev.nabla.cli;

import com.google.gson.JsonParseException;
import dev.nabla.diag.Diagnostics;
import dev.nabla.train.EpochListener;
import dev.nabla.train.Init;
import dev.nabla.train.Mode;
import dev.nabla.train.Networks;
import dev.nabla.train.Progress;
import dev.nabla.train.TrainOptions;
import dev.nabla.train.Training;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code nabla train FILE --data CSV --target COLUMN}: the book's BP algorithm on a formula file and a CSV file. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
        description = {"Train a formula file's network on a CSV file.",
                "The network is the file's 'train minimize E over ...' statement. Exit 0 when trained, 1 when the "
                        + "loss stopped being finite (the last finite weights are kept), 2 on bad input."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .nabla file with a train statement.")
    Path file;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "The data: UTF-8 CSV with a header row.")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column of class labels.")
    String target;

    @Option(names = "--drop", split = ",", paramLabel = "COLUMN", description = "Columns that are not features (e.g. an id).")
    List<String> drop = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "standard (one update per sample, the book's standard BP), accumulated (one update per "
                    + "epoch on the mean gradient, 5.16) or minibatch:N (default: standard).")
    Mode mode = Mode.STANDARD;

    @Option(names = "--eta", paramLabel = "RATE", description = "The learning rate (default: ${DEFAULT-VALUE}).")
    double eta = 0.1;

    @Option(names = "--epochs", paramLabel = "N", description = "The most epochs (default: ${DEFAULT-VALUE}).")
    int epochs = 100;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--no-shuffle", description = "Visit the samples in file order in every epoch.")
    boolean noShuffle;

    @Option(names = "--init", paramLabel = "SCHEME", converter = InitConverter.class,
            description = "uniform: every weight in (0, 1), step (1) of the book's algorithm; or xavier (default: uniform).")
    Init init = Init.UNIFORM;

    @Option(names = "--dim", paramLabel = "NAME=SIZE", description = "The size of a dim the data do not bind (e.g. q=10).")
    Map<String, Integer> dims = new LinkedHashMap<>();

    @Option(names = "--const", paramLabel = "NAME=VALUE", description = "The value of a const the file leaves open.")
    Map<String, Double> consts = new LinkedHashMap<>();

    @Option(names = "--lambda", paramLabel = "L",
            description = "Regularise (5.17): minimise L E + (1 - L) times the sum of every parameter squared.")
    java.math.BigDecimal lambda;

    @Option(names = "--output", paramLabel = "NODE", description = "The node that is the prediction (default: found from the objective).")
    String output;

    @Option(names = "--target-loss", paramLabel = "LOSS", description = "Stop once the training loss is at most this.")
    Double targetLoss;

    @Option(names = "--validation", paramLabel = "FRACTION",
            description = "Hold out this stratified part for early stopping; the weights of lowest validation loss are kept.")
    double validation;

    @Option(names = "--patience", paramLabel = "N", description = "Epochs without a lower validation loss before stopping (default: 10).")
    Integer patience;

    @Option(names = "--test", paramLabel = "FRACTION", description = "Hold out this stratified part and report its accuracy.")
    double test;

    @Option(names = "--restarts", paramLabel = "N", description = "Train from N initial weights and keep the best (default: 1).")
    int restarts = 1;

    @Option(names = "--anneal", paramLabel = "T0,RATE", converter = AnnealConverter.class,
            description = "Simulated annealing: perturb the weights by N(0, T^2) after each epoch and keep an epoch "
                    + "that raised the loss by dE with probability exp(-dE/T); T starts at T0, times RATE per epoch.")
    TrainOptions.Anneal anneal;

    @Option(names = "--noise", paramLabel = "SD", description = "Add Gaussian noise of this standard deviation to every gradient.")
    double noise;

    @Option(names = "--momentum", paramLabel = "MU", description = "Momentum: v = MU v - eta g, w += v.")
    double momentum;

    @Option(names = "--adaptive", description = "Adapt the learning rate after each epoch (exercise 5.6): times 1.1 "
            + "when the loss fell, else undo the epoch and halve it.")
    boolean adaptive;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd (gradient steps) or cg (Commons Math nonlinear conjugate gradient; accumulated mode).")
    String optimizer = "sgd";

    @Option(names = "--no-standardise", description = "Leave numeric columns as they are.")
    boolean noStandardise;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--history", paramLabel = "FILE.csv", description = "Write the loss after every epoch.")
    Path history;

    @Option(names = "--weights", paramLabel = "OUT.json", description = "Write the trained weights, for predict.")
    Path weights;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Write a checkpoint (atomically) every epoch.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Write the checkpoint every N epochs instead.")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "FILE", description = "Continue the run that wrote this checkpoint.")
    Path resume;

    @Option(names = "--quiet", description = "No progress on standard error.")
    boolean quiet;

    @Option(names = "--evaluator", description = "Train on nabla's IR evaluator instead of a compiled trainer: the "
            + "reference implementation, much slower.")
    boolean evaluator;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path output : new Path[] {weights, history, checkpoint}) {
            Path dir = output == null ? null : output.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                err.println("nabla train: error: cannot write " + output + ": there is no directory " + dir);
                return Main.BAD_INPUT;
            }
        }
        Training.Request request = new Training.Request(file, output, data, target, drop, dims, consts, options(),
                checkpoint, checkpointEvery == null ? 1 : checkpointEvery, resume, evaluator);
        if (!evaluator && !Networks.canCompile()) {
            err.println("nabla train: note: this Java has no compiler (a JRE?), so the network runs on the IR "
                    + "evaluator, which is much slower; install a JDK for compiled trainers");
        }
        Diagnostics diags = new Diagnostics();
        Training training = Training.prepare(request, diags);
        if (training == null) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        Progress progress = new Progress(err, System.console() != null);
        Training.Outcome outcome;
        try {
            outcome = training.run(quiet ? EpochListener.none() : progress);
        } catch (IOException | JsonParseException e) {
            progress.finish();
            err.println("nabla train: error: " + message(e));
            return Main.BAD_INPUT;
        }
        progress.finish();
        try {
            if (weights != null) {
                training.weights(outcome).write(weights);
            }
            if (history != null) {
                Files.writeString(history, training.history(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("nabla train: error: " + message(e));
            return Main.BAD_INPUT;
        }
        if (json) {
            out.println(outcome.toJson());
        } else {
            summary(out, training, outcome);
        }
        if (!outcome.finite()) {
            err.println("nabla train: error: " + nonFinite(outcome));
            return Main.REFUTED;
        }
        return Main.OK;
    }

    private TrainOptions options() {
        if (patience != null && validation == 0) {
            throw bad("--patience needs a validation split to watch: add --validation 0.2");
        }
        if (checkpointEvery != null && checkpoint == null) {
            throw bad("--checkpoint-every needs --checkpoint FILE");
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw bad("--checkpoint-every must be at least 1, not " + checkpointEvery);
        }
        TrainOptions.Optimizer opt;
        switch (optimizer) {
            case "sgd": opt = TrainOptions.Optimizer.SGD; break;
            case "cg": opt = TrainOptions.Optimizer.CG; break;
            default: throw bad("unknown --optimizer '" + optimizer + "': sgd or cg");
        }
        if (opt == TrainOptions.Optimizer.CG && (checkpoint != null || resume != null)) {
            throw bad("--optimizer cg cannot be checkpointed: Commons Math keeps its search direction to itself");
        }
        try {
            return new TrainOptions(mode, eta, epochs, seed, !noShuffle, init, targetLoss, validation,
                    patience == null ? 10 : patience, test, restarts, anneal, noise, momentum, adaptive, opt,
                    !noStandardise, lambda);
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        return e.getMessage();
    }

    private String nonFinite(Training.Outcome o) {
        String where = o.failedEpoch() == 0 ? "at the initial weights" : "in epoch " + o.failedEpoch();
        String last = o.failedEpoch() == 0 ? "there is no finite loss to go back to"
                : String.format(Locale.ROOT, "the last finite loss was %.6g, %s; those weights are kept",
                o.lastFiniteLoss(), o.failedEpoch() == 1 ? "at the initial weights" : "after epoch " + (o.failedEpoch() - 1));
        return "the loss is not finite " + where + ": " + last + ". Try a smaller --eta (it was " + eta + ")";
    }

    private static void summary(PrintWriter out, Training training, Training.Outcome o) {
        out.println(training.describe());
        out.println(String.format(Locale.ROOT, "stopped by %s after %d epochs, %d updates, %.2f s", o.reason(),
                o.epochs(), o.updates(), o.seconds()));
        score(out, "training", o.train());
        score(out, "validation", o.validation());
        score(out, "test", o.test());
        if (o.bestRestart() > 1) {
            out.println("kept restart " + o.bestRestart());
        }
    }

    private static void score(PrintWriter out, String part, Training.Score s) {
        if (s.rows() > 0) {
            out.println(String.format(Locale.ROOT, "%-11s loss %.6g, accuracy %.4f (%d of %d)", part + ":", s.loss(),
                    s.accuracy(), s.correct(), s.rows()));
        }
    }

    static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class InitConverter implements CommandLine.ITypeConverter<Init> {
        @Override
        public Init convert(String value) {
            try {
                return Init.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AnnealConverter implements CommandLine.ITypeConverter<TrainOptions.Anneal> {
        @Override
        public TrainOptions.Anneal convert(String value) {
            try {
                return TrainOptions.Anneal.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
