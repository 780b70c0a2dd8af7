package dev.nabla.verify;

import java.util.List;

/**
 * The verdict of one checked statement and how it was reached.
 *
 * @param file                 the source file
 * @param line                 the statement's line (for a derive step: the line of its right side)
 * @param kind                 {@code claim}, {@code refute}, {@code derive}, {@code step} or {@code example}
 * @param label                the statement's label, or null
 * @param verdict              the verdict (of a {@code refute}: proved by a counterexample, refuted where
 *                             the identity holds)
 * @param samples              random instantiations compared (0 if none)
 * @param skipped              instantiations skipped because a side was undefined there
 * @param undecidable          instantiations that even high precision could not decide
 * @param largestRelativeError the largest relative difference seen among agreeing samples
 * @param detail               the counterexample or error message, or null
 * @param steps                a derive chain's steps (empty otherwise)
 */
public record Check(String file, int line, String kind, String label, Verdict verdict, int samples, int skipped,
                    int undecidable, double largestRelativeError, String detail, List<Check> steps) {
    public Check {
        steps = List.copyOf(steps);
    }
}
