package dev.nabla.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run has to remember between epochs, and so everything a checkpoint saves: with
 * the generator's state and the same options, the rest of the run follows from it exactly.
 */
final class TrainingState {
    /** One line of {@code --history}: the state after an epoch. */
    record Epoch(int restart, int epoch, long updates, double loss, double validationLoss, double eta) {
    }

    /** The restart under way, from 0. */
    int restart;
    /** Whether the restart under way has drawn its initial weights. */
    boolean started;
    /** Epochs done in the restart under way, and in all restarts. */
    int epoch;
    int epochs;
    long updates;
    /** The learning rate (it changes with --adaptive) and the annealing temperature. */
    double eta;
    double temperature;
    /** The training loss at the current weights. */
    double loss = Double.NaN;
    /** The current weights (the live arrays while training) and the momentum's velocity, or null. */
    double[][] parameters;
    double[][] velocity;
    /** Early stopping: the lowest validation loss of the restart, its weights and epoch, and the epochs since. */
    double bestValidation = Double.NaN;
    double[][] bestParameters;
    int bestEpoch;
    int sinceBest;
    /** Restarts: the best one so far, its score (validation loss, else training loss) and weights. */
    int bestRestart = -1;
    double bestRestartScore = Double.NaN;
    double[][] bestRestartParameters;
    final List<Epoch> history = new ArrayList<>();

    static double[][] copy(double[][] arrays) {
        if (arrays == null) {
            return null;
        }
        double[][] out = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = arrays[k].clone();
        }
        return out;
    }

    static void copyInto(double[][] from, double[][] to) {
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(from[k], 0, to[k], 0, from[k].length);
        }
    }
}
