package dev.nabla.train;

import dev.nabla.train.data.Rng;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * The training loops of the book's BP algorithm (5.8) and its variants over an {@link Objective}:
 * epochs of updates in standard, accumulated or minibatch mode, with the stopping rules, restarts,
 * annealing, noise, momentum, the adaptive learning rate, and conjugate gradients. Every random
 * choice comes from one {@link Rng}, so a run is determined by its options, data and seed, and a
 * run resumed from a {@link TrainingState} continues exactly as it would have.
 */
final class Trainer {
    /** Why a run stopped. */
    enum Stop {
        EPOCHS("the epoch limit"), TARGET_LOSS("the target loss"), EARLY_STOPPING("early stopping: "
                + "no lower validation loss for the patience's epochs"), NON_FINITE("a loss that is not finite"),
        LINE_SEARCH("the line search found no lower point");

        /** For people: "stopped by the epoch limit". */
        final String reason;

        Stop(String reason) {
            this.reason = reason;
        }

        /** For programs: {@code epochs}, {@code target-loss}, {@code early-stopping}, {@code non-finite}, {@code line-search}. */
        String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Told after each epoch (progress) and whenever a checkpoint is due. */
    interface Listener {
        void epoch(TrainingState state, TrainOptions options);

        /** The state at the end of an epoch, with the generator's state to save. */
        default void checkpoint(TrainingState state, long rngState) {
        }
    }

    private final Objective objective;
    private final TrainOptions options;
    private final int[] train;
    private final int[] validation;
    private final Listener listener;
    private final int checkpointEvery;
    private final double[][] live;
    private final Rng rng;
    private final TrainingState state;
    private Stop stop;
    private int failedEpoch = -1;

    /**
     * @param resumed         the state of a checkpoint, whose weights are copied into the live ones, or
     *                        null to start afresh
     * @param checkpointEvery how many epochs apart {@link Listener#checkpoint} is called, 0 for never
     */
    Trainer(Objective objective, TrainOptions options, int[] train, int[] validation, Rng rng,
            TrainingState resumed, Listener listener, int checkpointEvery) {
        this.objective = objective;
        this.options = options;
        this.train = train.clone();
        this.validation = validation.clone();
        this.rng = rng;
        this.listener = listener;
        this.checkpointEvery = checkpointEvery;
        this.live = objective.live();
        this.state = resumed != null ? resumed : new TrainingState();
        if (resumed != null) {
            TrainingState.copyInto(resumed.parameters, live);
        }
        this.state.parameters = live;
    }

    TrainingState state() {
        return state;
    }

    /** Why the run stopped: the reason the last restart ended. */
    Stop stop() {
        return stop;
    }

    /** The epoch in which the loss stopped being finite (0: at the initial weights), or -1. */
    int failedEpoch() {
        return failedEpoch;
    }

    /** Trains to the end; false if a loss that is not finite stopped it (the weights are then the last finite ones). */
    boolean run() {
        while (state.restart < options.restarts()) {
            if (!state.started && !begin()) {
                return false;
            }
            if (options.optimizer() == TrainOptions.Optimizer.CG ? !conjugateGradient() : !epochs()) {
                return false;
            }
            finishRestart();
        }
        TrainingState.copyInto(state.bestRestartParameters, live);
        return true;
    }

    /** Draws a restart's initial weights and resets what is per restart. */
    private boolean begin() {
        for (int p = 0; p < live.length; p++) {
            options.init().draw(live[p], objective.shape(p), rng);
        }
        state.started = true;
        state.epoch = 0;
        state.eta = options.eta();
        state.temperature = options.anneal() == null ? 0 : options.anneal().t0();
        state.velocity = options.momentum() > 0 ? zerosLike(live) : null;
        state.loss = objective.loss(train);
        if (!Double.isFinite(state.loss)) {
            stop = Stop.NON_FINITE;
            failedEpoch = 0;
            return false;
        }
        if (validation.length > 0) {
            state.bestValidation = objective.loss(validation);
            state.bestParameters = TrainingState.copy(live);
            state.bestEpoch = 0;
            state.sinceBest = 0;
        }
        return true;
    }

    private static double[][] zerosLike(double[][] arrays) {
        double[][] out = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = new double[arrays[k].length];
        }
        return out;
    }

    /** Whether the restart under way has ended, setting {@link #stop}. */
    private boolean finished() {
        if (options.targetLoss() != null && state.loss <= options.targetLoss()) {
            stop = Stop.TARGET_LOSS;
        } else if (validation.length > 0 && state.sinceBest >= options.patience()) {
            stop = Stop.EARLY_STOPPING;
        } else if (state.epoch >= options.epochs()) {
            stop = Stop.EPOCHS;
        } else {
            return false;
        }
        return true;
    }

    private void finishRestart() {
        boolean early = validation.length > 0;
        double score = early ? state.bestValidation : state.loss;
        if (state.bestRestart < 0 || score < state.bestRestartScore) {
            state.bestRestart = state.restart;
            state.bestRestartScore = score;
            state.bestRestartParameters = TrainingState.copy(early ? state.bestParameters : live);
        }
        state.restart++;
        state.started = false;
    }

    // ---- gradient steps -----------------------------------------------------------------------

    private boolean epochs() {
        while (!finished()) {
            double[][] before = TrainingState.copy(live);
            int[] order = train.clone();
            if (options.shuffle()) {
                rng.shuffle(order);
            }
            int per = options.mode().rowsPerUpdate(order.length);
            for (int from = 0; from < order.length; from += per) {
                objective.lossAndGradient(order, from, Math.min(order.length, from + per));
                update();
                state.updates++;
            }
            if (options.anneal() != null) {
                perturb(state.temperature);
            }
            double loss = objective.loss(train);
            if (!Double.isFinite(loss) || !finite(live)) {
                TrainingState.copyInto(before, live);
                stop = Stop.NON_FINITE;
                failedEpoch = state.epoch + 1;
                return false;
            }
            if (options.anneal() != null) {
                if (loss > state.loss && rng.nextDouble() >= Math.exp(-(loss - state.loss) / state.temperature)) {
                    TrainingState.copyInto(before, live);
                    loss = state.loss;
                }
                state.temperature *= options.anneal().rate();
            }
            if (options.adaptive()) {
                if (loss < state.loss) {
                    state.eta *= 1.1;
                } else {
                    TrainingState.copyInto(before, live);
                    loss = state.loss;
                    state.eta *= 0.5;
                    if (state.velocity != null) {
                        state.velocity = zerosLike(live);
                    }
                }
            }
            endEpoch(loss);
        }
        return true;
    }

    /** One update from the objective's last gradient: p -= eta * g, with noise and momentum if asked. */
    private void update() {
        double eta = state.eta;
        if (options.plainSteps() && objective.gradientOfPrimary()) {
            objective.primary().step(eta);
            return;
        }
        double[][] g = objective.gradient();
        double noise = options.noise();
        double mu = options.momentum();
        for (int p = 0; p < live.length; p++) {
            double[] w = live[p];
            double[] gp = g[p];
            double[] v = state.velocity == null ? null : state.velocity[p];
            for (int i = 0; i < w.length; i++) {
                double gi = noise > 0 ? gp[i] + noise * rng.nextGaussian() : gp[i];
                if (v != null) {
                    v[i] = mu * v[i] - eta * gi;
                    w[i] += v[i];
                } else {
                    w[i] -= eta * gi;
                }
            }
        }
    }

    private void perturb(double sd) {
        for (double[] w : live) {
            for (int i = 0; i < w.length; i++) {
                w[i] += sd * rng.nextGaussian();
            }
        }
    }

    private static boolean finite(double[][] arrays) {
        for (double[] a : arrays) {
            for (double v : a) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bookkeeping after an epoch: validation, history, progress, checkpoint. */
    private void endEpoch(double loss) {
        state.loss = loss;
        double validationLoss = Double.NaN;
        if (validation.length > 0) {
            validationLoss = objective.loss(validation);
            if (validationLoss < state.bestValidation) {
                state.bestValidation = validationLoss;
                state.bestParameters = TrainingState.copy(live);
                state.bestEpoch = state.epoch + 1;
                state.sinceBest = 0;
            } else {
                state.sinceBest++;
            }
        }
        state.epoch++;
        state.epochs++;
        state.history.add(new TrainingState.Epoch(state.restart, state.epoch, state.updates, loss, validationLoss,
                state.eta));
        listener.epoch(state, options);
        if (checkpointEvery > 0 && state.epochs % checkpointEvery == 0) {
            listener.checkpoint(state, rng.state());
        }
    }

    // ---- conjugate gradients ------------------------------------------------------------------

    /**
     * Minimises the accumulated error with Commons Math's nonlinear conjugate gradients
     * (Polak-Ribière), one epoch per line search, driven by the network's gradient.
     */
    private boolean conjugateGradient() {
        int length = 0;
        for (double[] w : live) {
            length += w.length;
        }
        int n = length;
        double[] start = new double[n];
        flatten(live, start);
        double[] accepted = start.clone();
        boolean[] failed = {false};
        ConvergenceChecker<PointValuePair> checker = (iteration, previous, current) -> {
            unflatten(current.getPoint(), live);
            if (!Double.isFinite(current.getValue()) || !finite(live)) {
                unflatten(accepted, live);
                failed[0] = true;
                return true;
            }
            System.arraycopy(current.getPoint(), 0, accepted, 0, n);
            state.updates++;
            endEpoch(current.getValue());
            return finished();
        };
        NonLinearConjugateGradientOptimizer cg = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, checker);
        try {
            cg.optimize(MaxEval.unlimited(), MaxIter.unlimited(), GoalType.MINIMIZE, new InitialGuess(start),
                    new ObjectiveFunction(point -> {
                        unflatten(point, live);
                        return objective.loss(train);
                    }),
                    new ObjectiveFunctionGradient(point -> {
                        unflatten(point, live);
                        objective.lossAndGradient(train, 0, train.length);
                        double[] g = new double[n];
                        flatten(objective.gradient(), g);
                        return g;
                    }));
        } catch (MathIllegalStateException | MathIllegalArgumentException e) {
            unflatten(accepted, live);
            stop = Stop.LINE_SEARCH;
        }
        if (failed[0]) {
            stop = Stop.NON_FINITE;
            failedEpoch = state.epoch + 1;
            return false;
        }
        unflatten(accepted, live);
        return true;
    }

    private static void flatten(double[][] from, double[] to) {
        int k = 0;
        for (double[] a : from) {
            System.arraycopy(a, 0, to, k, a.length);
            k += a.length;
        }
    }

    private static void unflatten(double[] from, double[][] to) {
        int k = 0;
        for (double[] a : to) {
            System.arraycopy(from, k, a, 0, a.length);
            k += a.length;
        }
    }
}
