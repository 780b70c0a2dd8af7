package dev.nabla.verify;

/** What randomized checking of one claim found. */
public sealed interface Outcome permits Outcome.Agreed, Outcome.Refuted, Outcome.Undecided {

    /**
     * Both sides agreed on every sample that could be evaluated.
     *
     * @param samples              samples compared
     * @param skipped              samples skipped because a side was undefined there
     * @param undecidable          samples that even high precision could not decide
     * @param largestRelativeError the largest |a − b| / max(|a|, |b|) over all compared elements
     * @param reason               why the first sample skipped or undecidable was, or null
     * @param roundingZeros        elements 0 on both sides up to rounding, over all compared samples
     *                             (left out of the relative error, which is meaningless for them)
     */
    record Agreed(int samples, int skipped, int undecidable, double largestRelativeError, String reason,
                  int roundingZeros) implements Outcome {
        public Agreed(int samples, int skipped, int undecidable, double largestRelativeError, String reason) {
            this(samples, skipped, undecidable, largestRelativeError, reason, 0);
        }
    }

    /** The sides differ at a (shrunk) counterexample. */
    record Refuted(Counterexample counterexample) implements Outcome {
    }

    /** No sample could be compared: each was undefined or undecidable. */
    record Undecided(int skipped, int undecidable, String reason) implements Outcome {
    }
}
