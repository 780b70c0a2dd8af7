package dev.nabla.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.nabla.diag.Diagnostics;
import dev.nabla.train.data.Dataset;
import dev.nabla.train.data.Encoding;
import dev.nabla.train.data.Rng;
import dev.nabla.train.data.Split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code nabla train} run from a formula file and a CSV file: the data read, split and encoded,
 * the dims bound, the networks made, the {@link Trainer} run (or resumed), and what it reached.
 *
 * <p>The generator seeded with {@code --seed} draws, in this order, the stratified split, each
 * restart's initial weights, and during the epochs the sample orders, noise and annealing. A
 * resumed run draws the same split again and then continues from the checkpoint's generator state.
 */
public final class Training {
    /** What a run is asked to do. */
    public record Request(Path formula, String output, Path data, String target, List<String> drop,
                          Map<String, Integer> dims, Map<String, Double> consts, TrainOptions options,
                          Path checkpoint, int checkpointEvery, Path resume, boolean evaluator) {
    }

    /** The loss and accuracy on a part of the rows; NaN for an empty part. */
    public record Score(int rows, double loss, double accuracy, int correct) {
    }

    /**
     * What a run reached.
     *
     * @param stopped         why the run stopped, for programs: {@code epochs}, {@code target-loss},
     *                        {@code early-stopping}, {@code non-finite} or {@code line-search}
     * @param reason          the same for people
     * @param failedEpoch     the epoch whose loss was not finite (0: the initial weights), or -1
     * @param lastFiniteLoss  the training loss of the weights kept, when a loss was not finite
     * @param bestRestart     the restart whose weights were kept, from 1
     */
    public record Outcome(String stopped, String reason, int failedEpoch, double lastFiniteLoss, double eta, Score train,
                          Score validation, Score test, int epochs, long updates, double seconds, int bestRestart) {
        public boolean finite() {
            return failedEpoch < 0;
        }

        /** The run as one JSON object, as {@code --json} prints it. */
        public JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.add("accuracy", Json.number(train.accuracy()));
            o.add("loss", Json.number(train.loss()));
            o.addProperty("epochs", epochs);
            o.addProperty("updates", updates);
            o.addProperty("seconds", seconds);
            o.addProperty("stopped", stopped);
            o.addProperty("train_rows", train.rows());
            if (validation.rows() > 0) {
                o.add("validation_loss", Json.number(validation.loss()));
                o.add("validation_accuracy", Json.number(validation.accuracy()));
                o.addProperty("validation_rows", validation.rows());
            }
            if (test.rows() > 0) {
                o.add("test_loss", Json.number(test.loss()));
                o.add("test_accuracy", Json.number(test.accuracy()));
                o.addProperty("test_rows", test.rows());
            }
            o.addProperty("eta", eta);
            o.addProperty("best_restart", bestRestart);
            if (!finite()) {
                o.addProperty("non_finite_epoch", failedEpoch);
                o.add("last_finite_loss", Json.number(lastFiniteLoss));
            }
            return o;
        }
    }

    private final Request request;
    private final FormulaFile file;
    private final Dataset data;
    private final Encoding encoding;
    private final Split split;
    private final Map<String, Integer> sizes;
    private final Map<String, Double> consts;
    private final Objective objective;
    private final Rng rng;
    private final JsonObject run;
    private Trainer trainer;

    private Training(Request request, FormulaFile file, Dataset data, Encoding encoding, Split split,
                     Map<String, Integer> sizes, Map<String, Double> consts, Objective objective, Rng rng) {
        this.request = request;
        this.file = file;
        this.data = data;
        this.encoding = encoding;
        this.split = split;
        this.sizes = sizes;
        this.consts = consts;
        this.objective = objective;
        this.rng = rng;
        this.run = describe(request, file);
    }

    /** The run ready to start, or null after reporting to {@code diags} what is wrong with its input. */
    public static Training prepare(Request request, Diagnostics diags) {
        FormulaFile file = FormulaFile.load(request.formula(), request.output(), diags);
        Dataset data = file == null ? null : Dataset.read(request.data(), request.target(), request.drop(), diags);
        if (data == null) {
            return null;
        }
        TrainOptions options = request.options();
        Rng rng = Rng.seeded(options.seed());
        Split split = options.test() > 0 || options.validation() > 0
                ? Split.stratified(data.labels(), options.test(), options.validation(), rng)
                : Split.none(data.size());
        Encoding encoding = data.fit(split.train(), options.standardise());
        Map<String, Integer> sizes = file.sizes(encoding.width(), encoding.outputs(), request.dims(), diags);
        Map<String, Double> consts = file.consts(request.consts(), diags);
        if (sizes == null || consts == null) {
            return null;
        }
        int primary = options.mode().rowsPerUpdate(split.train().length);
        Objective objective = new Objective(Networks.forFile(file, options.mode(), options.lambdaFraction(), request.evaluator()), sizes, consts, encoding.features(data),
                encoding.targets(data), encoding.outputs(), primary);
        return new Training(request, file, data, encoding, split, sizes, consts, objective, rng);
    }

    /** Everything a checkpoint must agree with to be resumed by this run, one key per thing that can differ. */
    private static JsonObject describe(Request request, FormulaFile file) {
        JsonObject o = new JsonObject();
        o.addProperty("formula_sha256", file.sha256());
        o.addProperty("data_sha256", FormulaFile.sha256(request.data()));
        o.addProperty("target", request.target().strip());
        JsonArray drop = new JsonArray();
        request.drop().forEach(d -> drop.add(d.strip()));
        o.add("drop", drop);
        JsonObject dims = new JsonObject();
        new java.util.TreeMap<>(request.dims()).forEach(dims::addProperty);
        o.add("dims", dims);
        JsonObject consts = new JsonObject();
        new java.util.TreeMap<>(request.consts()).forEach(consts::addProperty);
        o.add("consts", consts);
        o.addProperty("output", file.layout().output());
        // the two implementations round differently: a run resumes on the one it began on
        o.addProperty("network", request.evaluator() || !Networks.canCompile() ? "evaluated" : "compiled");
        request.options().toJson().entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return o;
    }

    /**
     * Trains, from the start or from {@code --resume}'s checkpoint, writing checkpoints as asked.
     *
     * @throws IOException        when a checkpoint cannot be read or written
     * @throws JsonParseException with a message for people when the checkpoint to resume is not this run's
     */
    public Outcome run(EpochListener progress) throws IOException {
        TrainOptions options = request.options();
        TrainingState resumed = null;
        Rng generator = rng;
        if (request.resume() != null) {
            Checkpoint.Saved saved = Checkpoint.read(request.resume(), run);
            resumed = saved.state();
            checkShapes(resumed.parameters, "parameters");
            generator = Rng.restore(saved.rngState());
        }
        Trainer.Listener listener = new Trainer.Listener() {
            @Override
            public void epoch(TrainingState state, TrainOptions o) {
                TrainingState.Epoch last = state.history.get(state.history.size() - 1);
                progress.epoch(new EpochListener.Epoch(state.restart + 1, o.restarts(), state.epoch, o.epochs(),
                        state.epochs, state.updates, state.loss, last.validationLoss(), state.eta));
            }

            @Override
            public void checkpoint(TrainingState state, long rngState) {
                try {
                    Checkpoint.write(request.checkpoint(), run, state, rngState);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // stop now: a run that cannot be resumed should not go on
                }
            }
        };
        int every = request.checkpoint() == null ? 0 : request.checkpointEvery();
        trainer = new Trainer(objective, options, split.train(), split.validation(), generator, resumed, listener, every);
        long start = System.nanoTime();
        boolean finite;
        try {
            finite = trainer.run();
        } catch (UncheckedIOException e) {
            throw new IOException("cannot write the checkpoint " + request.checkpoint() + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainingState state = trainer.state();
        Score train = score(split.train());
        Trainer.Stop stop = finite ? trainer.stop() : Trainer.Stop.NON_FINITE;
        return new Outcome(stop.code(), stop.reason, finite ? -1 : trainer.failedEpoch(), finite ? Double.NaN : state.loss, state.eta, train,
                score(split.validation()), score(split.test()), state.epochs, state.updates, seconds,
                (finite ? state.bestRestart : state.restart) + 1);
    }

    private void checkShapes(double[][] saved, String what) {
        double[][] live = objective.live();
        boolean same = saved != null && saved.length == live.length;
        for (int p = 0; same && p < live.length; p++) {
            same = saved[p].length == live[p].length;
        }
        if (!same) {
            throw new JsonParseException(request.resume() + ": the " + what + " do not fit the network");
        }
    }

    private Score score(int[] rows) {
        if (rows.length == 0) {
            return new Score(0, Double.NaN, Double.NaN, 0);
        }
        double loss = objective.loss(rows);
        double[][] predictions = objective.predictions(rows);
        int[] labels = data.labels();
        int correct = 0;
        for (int k = 0; k < rows.length; k++) {
            if (encoding.classOf(predictions[k]) == labels[rows[k]]) {
                correct++;
            }
        }
        return new Score(rows.length, loss, (double) correct / rows.length, correct);
    }

    /** The trained weights with what predict needs; {@code outcome} describes the run in them. */
    public Weights weights(Outcome outcome) {
        Map<String, double[]> parameters = new LinkedHashMap<>();
        double[][] live = objective.live();
        for (int p = 0; p < live.length; p++) {
            parameters.put(objective.parameters().get(p), live[p].clone());
        }
        JsonObject training = new JsonObject();
        training.addProperty("data", request.data().toString());
        training.add("run", run);
        JsonObject reached = outcome.toJson();
        reached.remove("seconds"); // the same weights must give the same bytes
        training.add("reached", reached);
        return new Weights(request.formula().toString(), file.sha256(), file.layout().output(), sizes, consts,
                parameters, encoding, training);
    }

    /** The per-epoch losses as CSV: restart (from 1), epoch, updates, loss, validation_loss, eta. */
    public String history() {
        StringBuilder b = new StringBuilder("restart,epoch,updates,loss,validation_loss,eta\n");
        for (TrainingState.Epoch e : trainer.state().history) {
            b.append(e.restart() + 1).append(',').append(e.epoch()).append(',').append(e.updates()).append(',')
                    .append(csv(e.loss())).append(',').append(csv(e.validationLoss())).append(',').append(csv(e.eta()))
                    .append('\n');
        }
        return b.toString();
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    public FormulaFile file() {
        return file;
    }

    public Encoding encoding() {
        return encoding;
    }

    public Split split() {
        return split;
    }

    /** A one-line description of the run for the summary. */
    public String describe() {
        TrainOptions o = request.options();
        return String.format(Locale.ROOT, "%s on %s: %d training rows, %d validation, %d test; mode %s, eta %s, "
                        + "seed %d, dims %s", request.formula(), request.data(), split.train().length,
                split.validation().length, split.test().length, o.mode(), o.eta(), o.seed(), sizes);
    }
}
