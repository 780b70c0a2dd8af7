package dev.nabla.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.SourceSpan;

import java.util.List;

/**
 * Results for machines: a JSON array with one object per check (a file that does not load is
 * one object of kind {@code file} with its diagnostics), in the order of the files given.
 */
public final class JsonReport {
    private JsonReport() {
    }

    public static String json(List<FileResult> files) {
        JsonArray array = new JsonArray();
        for (FileResult f : files) {
            for (Result r : f.results()) {
                array.add(object(r));
            }
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
                .serializeSpecialFloatingPointValues().create().toJson(array);
    }

    private static JsonObject object(Result r) {
        JsonObject o = new JsonObject();
        o.addProperty("id", r.check().id());
        span(o, r.check().span());
        o.addProperty("kind", r.kind().word());
        o.addProperty("label", r.label());
        o.addProperty("verdict", r.verdict().word());
        o.addProperty("samples", r.samples());
        o.addProperty("skipped", r.skipped());
        o.addProperty("undecidable", r.undecidable());
        o.addProperty("largestRelativeError", r.largestRelativeError());
        o.addProperty("roundingZeros", r.roundingZeros());
        if (r.detail() != null) {
            o.addProperty("detail", r.detail());
        }
        if (r.message() != null) {
            o.addProperty("message", r.message());
        }
        if (r.counterexample() != null) {
            o.add("counterexample", counterexample(r.counterexample()));
        }
        if (r.explanation() != null) {
            o.addProperty("explanation", r.explanation());
        }
        if (!r.diagnostics().isEmpty()) {
            JsonArray diagnostics = new JsonArray();
            for (Diagnostic d : r.diagnostics()) {
                JsonObject e = new JsonObject();
                span(e, d.span());
                e.addProperty("message", d.message());
                diagnostics.add(e);
            }
            o.add("diagnostics", diagnostics);
        }
        if (!r.steps().isEmpty()) {
            JsonArray steps = new JsonArray();
            r.steps().forEach(s -> steps.add(object(s)));
            o.add("steps", steps);
        }
        return o;
    }

    private static void span(JsonObject o, SourceSpan s) {
        o.addProperty("file", s.file());
        o.addProperty("line", s.line());
        o.addProperty("column", s.column());
        o.addProperty("endLine", s.endLine());
        o.addProperty("endColumn", s.endColumn());
    }

    private static JsonObject counterexample(Counterexample c) {
        JsonObject o = new JsonObject();
        JsonObject sizes = new JsonObject();
        c.sizes().forEach(sizes::addProperty);
        o.add("sizes", sizes);
        JsonObject values = new JsonObject();
        for (Counterexample.Leaf leaf : c.leaves()) {
            JsonObject l = new JsonObject();
            JsonArray shape = new JsonArray();
            leaf.shape().forEach(shape::add);
            l.add("shape", shape);
            JsonArray elements = new JsonArray();
            leaf.values().forEach(elements::add);
            l.add("values", elements);
            values.add(leaf.name(), l);
        }
        o.add("values", values);
        JsonObject constants = new JsonObject();
        c.constants().forEach(constants::addProperty);
        o.add("constants", constants);
        JsonObject at = new JsonObject();
        c.at().forEach(at::addProperty);
        o.add("at", at);
        o.addProperty("lhs", c.lhs());
        o.addProperty("rhs", c.rhs());
        o.addProperty("lhsText", c.lhsText());
        o.addProperty("rhsText", c.rhsText());
        return o;
    }
}
