package dev.nabla.api;

import dev.nabla.diag.Diagnostic;
import dev.nabla.verify.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The verdict of one {@link Check} and its evidence, as data.
 *
 * @param check                what was checked
 * @param verdict              the verdict
 * @param samples              random instantiations compared; for an example, the expects that hold
 * @param skipped              instantiations skipped because a side was undefined there
 * @param undecidable          instantiations that even high precision could not decide
 * @param largestRelativeError the largest |a − b| / max(|a|, |b|) among agreeing samples
 * @param counterexample       where the sides differ, or null
 * @param message              why the verdict is what it is when the samples do not say it (an
 *                             exact difference of canonical forms, too few samples, a failing
 *                             expect's line), or null
 * @param diagnostics          the errors that keep it from being checked (verdict error), else empty
 * @param steps                a derive chain's steps, each of kind {@link Kind#STEP}; else empty
 * @param roundingZeros        elements 0 on both sides up to rounding among agreeing samples, which the
 *                             relative error leaves out (it means nothing for rounding noise around 0)
 * @param explanation          for a refuted claim or step, what differs when that is simple
 *                             ({@code differs by a factor -1}, {@code the indices h and j are swapped});
 *                             for a derive chain, its first failing step's; else null
 */
public record Result(Check check, Verdict verdict, int samples, int skipped, int undecidable,
                     double largestRelativeError, Counterexample counterexample, String message,
                     List<Diagnostic> diagnostics, List<Result> steps, int roundingZeros, String explanation) {

    public Result {
        diagnostics = List.copyOf(diagnostics);
        steps = List.copyOf(steps);
    }

    public Result(Check check, Verdict verdict, int samples, int skipped, int undecidable,
                  double largestRelativeError, Counterexample counterexample, String message,
                  List<Diagnostic> diagnostics, List<Result> steps) {
        this(check, verdict, samples, skipped, undecidable, largestRelativeError, counterexample, message, diagnostics,
                steps, 0, null);
    }

    /** How a result counts in a build. */
    public enum Status {
        /** Proved or tested. */
        PASSED,
        /** Refuted: a counterexample, or canonical forms that differ. */
        FAILED,
        /** Neither proved nor refuted, and too few samples to call it tested: never a pass. */
        INCONCLUSIVE,
        /** Could not be checked: bad input. */
        ERROR
    }

    /** The one place that says which verdicts pass. */
    public Status status() {
        switch (verdict) {
            case PROVED:
            case TESTED:
                return Status.PASSED;
            case REFUTED:
                return Status.FAILED;
            case INCONCLUSIVE:
                return Status.INCONCLUSIVE;
            default:
                return Status.ERROR;
        }
    }

    public Kind kind() {
        return check.kind();
    }

    public String label() {
        return check.label();
    }

    public String file() {
        return check.span().file();
    }

    public int line() {
        return check.span().line();
    }

    /** A derive chain's first step that neither is proved nor tested. */
    public Optional<Result> firstFailingStep() {
        return steps.stream().filter(s -> s.status() != Status.PASSED).findFirst();
    }

    /**
     * The evidence beyond the verdict, as the CLI prints it under the verdict line (one or more
     * lines, without indentation), or null when there is none: the diagnostics
     * ({@code file:line:col: error: message}), a chain's first failing step and its detail, or
     * the message and the rendered counterexample.
     */
    public String detail() {
        if (!diagnostics.isEmpty()) {
            List<String> lines = new ArrayList<>();
            diagnostics.forEach(d -> lines.add(d.span() + ": error: " + d.message()));
            return String.join("\n", lines);
        }
        Optional<Result> failing = firstFailingStep();
        if (failing.isPresent()) {
            Result step = failing.get();
            String head = "first failing step: " + step.label() + " at line " + step.line();
            return step.detail() == null ? head : head + "\n" + step.detail();
        }
        if (counterexample == null) {
            return message;
        }
        return message == null ? counterexample.render() : message + " " + counterexample.render();
    }

    /** The {@link #detail}, then the {@link #explanation} on a line of its own: what the CLI prints. */
    public String evidence() {
        String detail = detail();
        return explanation == null ? detail : detail == null ? explanation : detail + "\n" + explanation;
    }
}
