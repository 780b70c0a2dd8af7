package dev.nabla.verify;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.SourceSpan;

import java.util.List;

/**
 * The verdict of one checked statement and how it was reached, as data: rendering it for people
 * or machines is {@code dev.nabla.api}'s job.
 *
 * @param span                 the statement (for a derive step: its right side)
 * @param kind                 {@code claim}, {@code refute}, {@code derive}, {@code step} or {@code example}
 * @param label                the statement's label, or null
 * @param verdict              the verdict (of a {@code refute}: proved by a counterexample, refuted where
 *                             the identity holds)
 * @param samples              random instantiations compared, or an example's expects that hold (0 if none)
 * @param skipped              instantiations skipped because a side was undefined there
 * @param undecidable          instantiations that even high precision could not decide
 * @param largestRelativeError the largest relative difference seen among agreeing samples
 * @param counterexample       where the sides differ, or null
 * @param message              why the verdict is what it is when samples do not say it, or null
 * @param diagnostics          the errors that make the statement uncheckable (verdict error), else empty
 * @param steps                a derive chain's steps (empty otherwise)
 * @param roundingZeros        elements 0 on both sides up to rounding, left out of the relative error
 * @param explanation          for a refuted claim or step (or chain: its first failing step's), what
 *                             differs when that is simple ({@code differs by a factor -1}), or null
 */
public record Check(SourceSpan span, String kind, String label, Verdict verdict, int samples, int skipped,
                    int undecidable, double largestRelativeError, Counterexample counterexample, String message,
                    List<Diagnostic> diagnostics, List<Check> steps, int roundingZeros, String explanation) {
    public Check {
        diagnostics = List.copyOf(diagnostics);
        steps = List.copyOf(steps);
    }

    public Check(SourceSpan span, String kind, String label, Verdict verdict, int samples, int skipped,
                 int undecidable, double largestRelativeError, Counterexample counterexample, String message,
                 List<Diagnostic> diagnostics, List<Check> steps) {
        this(span, kind, label, verdict, samples, skipped, undecidable, largestRelativeError, counterexample, message,
                diagnostics, steps, 0, null);
    }

    /** A verdict without evidence from samples: an error or a refutation the samples did not show. */
    static Check unsampled(SourceSpan span, String kind, String label, Verdict verdict, String message,
                           List<Diagnostic> diagnostics) {
        return new Check(span, kind, label, verdict, 0, 0, 0, 0, null, message, diagnostics, List.of());
    }
}
