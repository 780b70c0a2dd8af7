package dev.nabla.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.nabla.train.data.Encoding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trained weights with everything {@code predict} needs to use them: the formula file's hash, the
 * prediction node, the dims' sizes and consts' values, the parameters, and the column encoding
 * with its standardisation. Nothing in it depends on the clock, so that two runs that train the
 * same weights write the same bytes.
 *
 * @param formulaSha256 the SHA-256 of the formula file's bytes
 * @param output        the node that is the prediction
 * @param sizes         every dim's size but the sample dim's
 * @param consts        every const's value
 * @param parameters    each parameter's values, row-major, in the train statement's order
 * @param training      what the run was and reached, for people (not read back)
 */
public record Weights(String formula, String formulaSha256, String output, Map<String, Integer> sizes,
                      Map<String, Double> consts, Map<String, double[]> parameters, Encoding encoding,
                      JsonObject training) {
    private static final String FORMAT = "nabla-weights 1";

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        JsonObject f = new JsonObject();
        f.addProperty("file", formula);
        f.addProperty("sha256", formulaSha256);
        o.add("formula", f);
        o.addProperty("output", output);
        JsonObject dims = new JsonObject();
        sizes.forEach(dims::addProperty);
        o.add("dims", dims);
        JsonObject c = new JsonObject();
        consts.forEach(c::addProperty);
        o.add("consts", c);
        JsonObject p = new JsonObject();
        parameters.forEach((name, values) -> p.add(name, Json.array(values)));
        o.add("parameters", p);
        o.add("encoding", encoding.toJson());
        o.add("training", training);
        return o;
    }

    public void write(Path file) throws IOException {
        AtomicFile.write(file, Json.PRETTY.toJson(toJson()) + "\n");
    }

    /**
     * The weights in {@code file}.
     *
     * @throws IOException        when it cannot be read
     * @throws JsonParseException with a message for people when it is not a weights file
     */
    public static Weights read(Path file) throws IOException {
        String what = file.toString();
        JsonObject o = Json.read(file, "a weights file");
        if (!o.has("format") || !o.get("format").isJsonPrimitive() || !FORMAT.equals(o.get("format").getAsString())) {
            throw new JsonParseException(what + " is not a nabla weights file (\"format\": \"" + FORMAT + "\")");
        }
        return Json.fields(what, "weights file", () -> weights(o, what));
    }

    private static Weights weights(JsonObject o, String what) {
        JsonObject f = Json.object(o.get("formula"), what + ": \"formula\"");
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : Json.object(o.get("dims"), what + ": \"dims\"").entrySet()) {
            long n = Json.integer(o.getAsJsonObject("dims"), e.getKey(), what + ": \"dims\"");
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new JsonParseException(what + ": dim " + e.getKey() + " has the size " + n);
            }
            sizes.put(e.getKey(), (int) n);
        }
        Map<String, Double> consts = new LinkedHashMap<>();
        JsonObject c = Json.object(o.get("consts"), what + ": \"consts\"");
        for (String name : c.keySet()) {
            consts.put(name, Json.number(c, name, what + ": \"consts\""));
        }
        Map<String, double[]> parameters = new LinkedHashMap<>();
        JsonObject p = Json.object(o.get("parameters"), what + ": \"parameters\"");
        for (String name : p.keySet()) {
            parameters.put(name, Json.doubles(p.get(name), what + ": parameter " + name));
        }
        Encoding encoding = Encoding.fromJson(o.get("encoding"));
        JsonObject training = o.has("training") && o.get("training").isJsonObject() ? o.getAsJsonObject("training")
                : new JsonObject();
        return new Weights(Json.string(f, "file", what), Json.string(f, "sha256", what), Json.string(o, "output", what),
                sizes, consts, parameters, encoding, training);
    }

    /** The parameters in the given order. */
    public double[][] parameters(List<String> names) {
        double[][] out = new double[names.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = parameters.get(names.get(k));
        }
        return out;
    }
}
