package dev.nabla.verify;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;

/** Renders checks for people (one line each, details indented) and for machines (JSON). */
public final class Report {
    private Report() {
    }

    /** {@code file:line: verdict kind "label": how}, then the counterexample or failing step, indented. */
    public static String text(Check c) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s:%d: %-7s %s%s: %s%n", c.file(), c.line(), c.verdict().word(),
                c.kind(), c.label() == null ? "" : " \"" + c.label() + "\"", how(c)));
        if (c.detail() != null) {
            for (String line : c.detail().split("\n")) {
                out.append("    ").append(line).append('\n');
            }
        }
        if (c.explanation() != null) {
            out.append("    ").append(c.explanation()).append('\n');
        }
        return out.toString();
    }

    private static String how(Check c) {
        if (c.verdict() == Verdict.ERROR && c.steps().isEmpty()) {
            return "cannot be checked"; // the detail says why
        }
        switch (c.kind()) {
            case "derive":
                return stepsSummary(c.steps());
            case "example":
                return c.verdict() == Verdict.REFUTED ? "an expect fails"
                        : c.verdict() == Verdict.INCONCLUSIVE ? "an expect cannot be decided"
                        : c.samples() + (c.samples() == 1 ? " expect holds" : " expects hold")
                        + String.format(Locale.ROOT, ", largest relative error %.1e", c.largestRelativeError());
            default:
                return evidence(c);
        }
    }

    private static String evidence(Check c) {
        switch (c.verdict()) {
            case PROVED:
                return "same canonical form; " + samples(c);
            case TESTED:
                return samples(c);
            case REFUTED:
                return c.detail() != null && c.detail().startsWith("the sides ") ? "canonical forms differ"
                        : "counterexample";
            case INCONCLUSIVE:
                return "neither proved nor refuted" + (c.samples() == 0 ? "" : "; " + samples(c));
            default:
                return "cannot be checked";
        }
    }

    private static String samples(Check c) {
        List<String> notes = new java.util.ArrayList<>();
        if (c.skipped() > 0) {
            notes.add(c.skipped() + " skipped where a side is undefined");
        }
        if (c.undecidable() > 0) {
            notes.add(c.undecidable() + " undecidable even in high precision");
        }
        return String.format(Locale.ROOT, "agreed on %d random samples%s, largest relative error %.1e", c.samples(),
                notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")", c.largestRelativeError())
                + roundingZeros(c.roundingZeros());
    }

    /** Elements whose relative error means nothing: both sides are rounding noise around 0. */
    static String roundingZeros(int n) {
        return n == 0 ? "" : "; " + n + (n == 1 ? " element is" : " elements are") + " 0 on both sides up to rounding";
    }

    private static String stepsSummary(List<Check> steps) {
        StringBuilder out = new StringBuilder(steps.size() + (steps.size() == 1 ? " step: " : " steps: "));
        for (int k = 0; k < steps.size(); k++) {
            out.append(k == 0 ? "" : ", ").append(steps.get(k).verdict().word());
        }
        return out.toString();
    }

    /** The machine-readable report: an array of objects, one per claim, derive chain and example. */
    public static String json(List<Check> checks) {
        JsonArray array = new JsonArray();
        for (Check c : checks) {
            array.add(object(c));
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().serializeSpecialFloatingPointValues().create().toJson(array);
    }

    private static JsonObject object(Check c) {
        JsonObject o = new JsonObject();
        o.addProperty("file", c.file());
        o.addProperty("line", c.line());
        o.addProperty("kind", c.kind());
        o.addProperty("label", c.label());
        o.addProperty("verdict", c.verdict().word());
        o.addProperty("samples", c.samples());
        o.addProperty("skipped", c.skipped());
        o.addProperty("undecidable", c.undecidable());
        o.addProperty("largestRelativeError", c.largestRelativeError());
        o.addProperty("roundingZeros", c.roundingZeros());
        if (c.detail() != null) {
            o.addProperty("detail", c.detail());
        }
        if (c.explanation() != null) {
            o.addProperty("explanation", c.explanation());
        }
        if (!c.steps().isEmpty()) {
            JsonArray steps = new JsonArray();
            for (Check s : c.steps()) {
                steps.add(object(s));
            }
            o.add("steps", steps);
        }
        return o;
    }
}
