package dev.nabla.train;

/** Told after every epoch of a run: what progress bars and logs show. */
public interface EpochListener {
    /**
     * The state after an epoch.
     *
     * @param restart        the restart under way, from 1, of {@code restarts}
     * @param epoch          the epochs done in this restart, of at most {@code maxEpochs}
     * @param epochsDone     the epochs done in all restarts
     * @param validationLoss NaN without a validation split
     */
    record Epoch(int restart, int restarts, int epoch, int maxEpochs, int epochsDone, long updates, double loss,
                 double validationLoss, double eta) {
    }

    void epoch(Epoch epoch);

    /** A listener that shows nothing ({@code --quiet}). */
    static EpochListener none() {
        return e -> { };
    }
}
