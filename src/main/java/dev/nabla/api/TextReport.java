package dev.nabla.api;

import dev.nabla.verify.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Results for people: one line per check, its evidence indented under it, and a summary line. */
public final class TextReport {
    private TextReport() {
    }

    /** {@code file:line: verdict kind "label": how}, then the {@link Result#evidence}, indented. */
    public static String text(Result r) {
        return text(r, false);
    }

    /** As {@link #text(Result)}, with the verdict in its ANSI colour when {@code colour}. */
    public static String text(Result r, boolean colour) {
        StringBuilder out = new StringBuilder();
        String verdict = String.format(Locale.ROOT, "%-7s", r.verdict().word());
        out.append(String.format(Locale.ROOT, "%s:%d: %s %s: %s%n", r.file(), r.line(),
                colour ? paint(r.verdict(), verdict) : verdict, r.check().title(), how(r)));
        String detail = r.evidence();
        if (detail != null) {
            for (String line : detail.split("\n")) {
                out.append("    ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code 8 checked in 1 file: 7 proved, 1 tested, 0 refuted, 0 errors (1.2 s)}; a file that
     * does not load counts as one error, and inconclusive results are named only if there are any.
     */
    public static String summary(List<FileResult> files, int fileCount, double seconds) {
        int[] count = new int[Verdict.values().length];
        int checked = 0;
        for (FileResult f : files) {
            for (Result r : f.results()) {
                count[r.verdict().ordinal()]++;
                checked++;
            }
        }
        int inconclusive = count[Verdict.INCONCLUSIVE.ordinal()];
        return String.format(Locale.ROOT, "%d checked in %d file%s: %d proved, %d tested, %d refuted, %s%d errors (%.1f s)",
                checked, fileCount, fileCount == 1 ? "" : "s", count[Verdict.PROVED.ordinal()],
                count[Verdict.TESTED.ordinal()], count[Verdict.REFUTED.ordinal()],
                inconclusive == 0 ? "" : inconclusive + " inconclusive, ", count[Verdict.ERROR.ordinal()], seconds);
    }

    /**
     * What a run ends with, as pytest does: the first check that did not pass repeated (so that
     * it is on screen after a long run), then the {@link #summary}; with colours when {@code colour}.
     */
    public static String ending(List<FileResult> files, int fileCount, double seconds, boolean colour) {
        StringBuilder out = new StringBuilder();
        files.stream().flatMap(f -> f.results().stream()).filter(r -> r.status() != Result.Status.PASSED)
                .findFirst().ifPresent(first -> out.append("first failure:\n").append(text(first, colour)));
        String summary = summary(files, fileCount, seconds);
        if (colour) {
            for (Verdict v : Verdict.values()) {
                summary = summary.replaceFirst("(?<=[:,] )([1-9][0-9]*) " + plural(v) + "(?=[ ,])",
                        paint(v, "$1 " + plural(v)));
            }
        }
        return out.append(summary).toString();
    }

    /** The word the summary counts a verdict with. */
    private static String plural(Verdict v) {
        return v == Verdict.ERROR ? "errors" : v.word();
    }

    /** Green for proved, cyan tested, red refuted and error, yellow inconclusive. */
    static String paint(Verdict v, String text) {
        String code = switch (v) {
            case PROVED -> "32";
            case TESTED -> "36";
            case INCONCLUSIVE -> "33";
            default -> "31";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    private static String how(Result r) {
        if (r.verdict() == Verdict.ERROR && r.steps().isEmpty()) {
            return r.kind() == Kind.FILE ? "does not load" : "cannot be checked"; // the detail says why
        }
        switch (r.kind()) {
            case DERIVE:
                return stepsSummary(r.steps());
            case EXAMPLE:
                return r.verdict() == Verdict.REFUTED ? "an expect fails"
                        : r.verdict() == Verdict.INCONCLUSIVE ? "an expect cannot be decided"
                        : r.samples() + (r.samples() == 1 ? " expect holds" : " expects hold")
                        + String.format(Locale.ROOT, ", largest relative error %.1e", r.largestRelativeError());
            case REFUTE:
                // the verdict is the refute statement's: proved by a counterexample, refuted where the identity holds
                return r.verdict() == Verdict.PROVED ? refutedBy(r)
                        : r.verdict() == Verdict.REFUTED ? "no counterexample; " + samples(r) : evidence(r);
            default:
                return evidence(r);
        }
    }

    private static String refutedBy(Result r) {
        return r.counterexample() == null ? "canonical forms differ" : "counterexample";
    }

    private static String evidence(Result r) {
        switch (r.verdict()) {
            case PROVED:
                return "same canonical form; " + samples(r);
            case TESTED:
                return samples(r);
            case REFUTED:
                return refutedBy(r);
            case INCONCLUSIVE:
                return "neither proved nor refuted" + (r.samples() == 0 ? "" : "; " + samples(r));
            default:
                return "cannot be checked";
        }
    }

    private static String samples(Result r) {
        List<String> notes = new ArrayList<>();
        if (r.skipped() > 0) {
            notes.add(r.skipped() + " skipped where a side is undefined");
        }
        if (r.undecidable() > 0) {
            notes.add(r.undecidable() + " undecidable even in high precision");
        }
        return String.format(Locale.ROOT, "agreed on %d random samples%s, largest relative error %.1e", r.samples(),
                notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")", r.largestRelativeError())
                + roundingZeros(r.roundingZeros());
    }

    /** Elements whose relative error means nothing: both sides are rounding noise around 0. */
    private static String roundingZeros(int n) {
        return n == 0 ? "" : "; " + n + (n == 1 ? " element is" : " elements are") + " 0 on both sides up to rounding";
    }

    private static String stepsSummary(List<Result> steps) {
        StringBuilder out = new StringBuilder(steps.size() + (steps.size() == 1 ? " step: " : " steps: "));
        for (int k = 0; k < steps.size(); k++) {
            out.append(k == 0 ? "" : ", ").append(steps.get(k).verdict().word());
        }
        return out.toString();
    }
}
