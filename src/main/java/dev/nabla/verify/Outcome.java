package dev.nabla.verify;

/** What randomized checking of one claim found. */
public sealed interface Outcome permits Outcome.Agreed, Outcome.Refuted, Outcome.Undecided {

    /**
     * Both sides agreed on every sample that could be evaluated.
     *
     * @param samples              samples compared
     * @param skipped              samples skipped because a side had a non-finite element
     * @param largestRelativeError the largest |a − b| / max(|a|, |b|) over all compared elements
     */
    record Agreed(int samples, int skipped, double largestRelativeError) implements Outcome {
    }

    /** The sides differ at a (shrunk) counterexample. */
    record Refuted(Counterexample counterexample) implements Outcome {
    }

    /** Every sample was skipped: some side was never finite. */
    record Undecided(int skipped) implements Outcome {
    }
}
