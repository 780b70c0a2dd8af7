package dev.nabla.train;

import com.google.gson.JsonObject;
import dev.nabla.sema.Lowering;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;

/**
 * Everything that decides the weights a run ends with, apart from the data and the formula file.
 *
 * @param mode            standard, accumulated or minibatch:N
 * @param eta             the learning rate (the starting one, with {@code adaptive})
 * @param epochs          the most epochs of each restart
 * @param seed            the generator's seed: the split, the initial weights, the order of the samples, noise
 * @param shuffle         whether each epoch visits the training rows in a new random order
 * @param init            how the initial weights are drawn
 * @param targetLoss      stop once the training loss is at most this; null for no such stop
 * @param validation      the fraction of the rows held out to stop early on; 0 for none
 * @param patience        epochs without a lower validation loss before stopping
 * @param test            the fraction of the rows held out to report test accuracy on; 0 for none
 * @param restarts        runs from different initial weights, of which the best is kept
 * @param anneal          simulated annealing, or null
 * @param noise           the standard deviation of Gaussian noise added to every gradient element; 0 for none
 * @param momentum        the momentum factor; 0 for plain gradient descent
 * @param adaptive        whether the learning rate adapts after each epoch (the "bold driver")
 * @param optimizer       plain gradient steps, or Commons Math's nonlinear conjugate gradient (accumulated mode)
 * @param standardise     whether numeric columns are standardised
 * @param lambda          the trade-off of the regularised objective (5.17), λ·E + (1 − λ)·Σ w², in [0, 1]; null for E
 */
public record TrainOptions(Mode mode, double eta, int epochs, long seed, boolean shuffle, Init init, Double targetLoss,
                           double validation, int patience, double test, int restarts, Anneal anneal, double noise,
                           double momentum, boolean adaptive, Optimizer optimizer, boolean standardise,
                           BigDecimal lambda) {
    public enum Optimizer { SGD, CG }

    /**
     * Simulated annealing: after each epoch every parameter moves by Gaussian noise of standard
     * deviation T, and an epoch that raised the training loss by ΔE is kept with probability
     * exp(−ΔE/T) (else its weights are undone); T starts at {@code t0} and is multiplied by
     * {@code rate} after every epoch.
     */
    public record Anneal(double t0, double rate) {
        public Anneal {
            if (!(t0 > 0) || !Double.isFinite(t0) || !(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("--anneal T0,RATE needs T0 > 0 and RATE in (0, 1], not "
                        + t0 + "," + rate);
            }
        }

        /** {@code T0,RATE} as given on the command line. */
        public static Anneal parse(String text) {
            String[] parts = text.split(",", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("--anneal takes T0,RATE, as in --anneal 0.1,0.95, not '" + text + "'");
            }
            try {
                return new Anneal(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--anneal takes two numbers T0,RATE, not '" + text + "'");
            }
        }
    }

    /** Fails with a message for people on options that contradict each other or are out of range. */
    public TrainOptions {
        require(eta > 0 && Double.isFinite(eta), "--eta must be a positive number, not " + eta);
        require(epochs >= 1, "--epochs must be at least 1, not " + epochs);
        require(targetLoss == null || Double.isFinite(targetLoss), "--target-loss must be a number");
        require(validation >= 0 && validation < 1, "--validation must be a fraction in [0, 1), not " + validation);
        require(test >= 0 && test < 1, "--test must be a fraction in [0, 1), not " + test);
        require(validation + test < 1, "--validation and --test together must leave rows to train on");
        require(patience >= 1, "--patience must be at least 1, not " + patience);
        require(restarts >= 1, "--restarts must be at least 1, not " + restarts);
        require(noise >= 0 && Double.isFinite(noise), "--noise must be a standard deviation >= 0, not " + noise);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), not " + momentum);
        require(lambda == null || lambda.signum() >= 0 && lambda.compareTo(BigDecimal.ONE) <= 0,
                "--lambda must be in [0, 1], not " + (lambda == null ? "" : lambda.toPlainString()));
        require(anneal == null || !adaptive, "--anneal and --adaptive both decide whether to keep an epoch that "
                + "raised the loss: use one");
        if (optimizer == Optimizer.CG) {
            require(mode.accumulated(), "--optimizer cg minimises the accumulated error: it needs --mode accumulated");
            require(momentum == 0 && noise == 0 && anneal == null && !adaptive,
                    "--optimizer cg chooses its own steps: it takes no --momentum, --noise, --anneal or --adaptive");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** λ as an exact fraction, as the training program builds it into the objective; null for none. */
    public BigFraction lambdaFraction() {
        return lambda == null ? null : Lowering.exact(lambda);
    }

    /** Whether an update is the plain step p -= eta * g. */
    public boolean plainSteps() {
        return momentum == 0 && noise == 0;
    }

    /** The options as JSON, in a fixed order: what a checkpoint must agree with to be resumed. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("mode", mode.toString());
        o.addProperty("eta", eta);
        o.addProperty("epochs", epochs);
        o.addProperty("seed", Long.toString(seed));
        o.addProperty("shuffle", shuffle);
        o.addProperty("init", init.toString());
        if (targetLoss != null) {
            o.addProperty("target_loss", targetLoss);
        }
        o.addProperty("validation", validation);
        o.addProperty("patience", patience);
        o.addProperty("test", test);
        o.addProperty("restarts", restarts);
        if (anneal != null) {
            o.addProperty("anneal", anneal.t0() + "," + anneal.rate());
        }
        o.addProperty("noise", noise);
        o.addProperty("momentum", momentum);
        o.addProperty("adaptive", adaptive);
        o.addProperty("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
        o.addProperty("standardise", standardise);
        if (lambda != null) {
            o.addProperty("lambda", lambda.toPlainString());
        }
        return o;
    }
}
