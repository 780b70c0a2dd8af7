package dev.nabla.verify;

import java.util.List;

/**
 * The verdict of one checked statement and how it was reached.
 *
 * @param file                 the source file
 * @param line                 the statement's line (for a derive step: the line of its right side)
 * @param kind                 {@code claim}, {@code derive}, {@code step} or {@code example}
 * @param label                the statement's label, or null
 * @param verdict              the verdict
 * @param samples              random instantiations compared (0 if none)
 * @param skipped              instantiations skipped because a side was undefined there
 * @param undecidable          instantiations that even high precision could not decide
 * @param largestRelativeError the largest relative difference seen among agreeing samples
 * @param detail               the counterexample or error message, or null
 * @param steps                a derive chain's steps (empty otherwise)
 * @param roundingZeros        elements 0 on both sides up to rounding, left out of the relative error
 * @param explanation          for a refuted claim or step (or chain: its first failing step's), what
 *                             differs when that is simple ({@code differs by a factor -1}), or null
 */
public record Check(String file, int line, String kind, String label, Verdict verdict, int samples, int skipped,
                    int undecidable, double largestRelativeError, String detail, List<Check> steps,
                    int roundingZeros, String explanation) {
    public Check {
        steps = List.copyOf(steps);
    }

    public Check(String file, int line, String kind, String label, Verdict verdict, int samples, int skipped,
                 int undecidable, double largestRelativeError, String detail, List<Check> steps) {
        this(file, line, kind, label, verdict, samples, skipped, undecidable, largestRelativeError, detail, steps, 0,
                null);
    }
}
