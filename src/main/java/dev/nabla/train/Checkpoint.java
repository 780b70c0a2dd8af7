package dev.nabla.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's {@link TrainingState} and generator state as a JSON file, with the description of the
 * run it belongs to (formula and data hashes, every option that decides the weights), so that
 * {@code --resume} continues only the run that wrote it. Written atomically: a run killed while
 * writing leaves the previous checkpoint whole.
 */
final class Checkpoint {
    private static final String FORMAT = "nabla-checkpoint 1";

    /** A checkpoint read back: the state to continue from and the generator's state. */
    record Saved(TrainingState state, long rngState) {
    }

    private Checkpoint() {
    }

    static void write(Path file, JsonObject run, TrainingState s, long rngState) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.add("run", run);
        o.addProperty("rng", Long.toString(rngState));
        o.addProperty("restart", s.restart);
        o.addProperty("started", s.started);
        o.addProperty("epoch", s.epoch);
        o.addProperty("epochs", s.epochs);
        o.addProperty("updates", s.updates);
        o.add("eta", Json.number(s.eta));
        o.add("temperature", Json.number(s.temperature));
        o.add("loss", Json.number(s.loss));
        o.add("parameters", Json.arrays(s.parameters));
        o.add("velocity", s.velocity == null ? null : Json.arrays(s.velocity));
        o.add("best_validation", Json.number(s.bestValidation));
        o.add("best_parameters", s.bestParameters == null ? null : Json.arrays(s.bestParameters));
        o.addProperty("best_epoch", s.bestEpoch);
        o.addProperty("since_best", s.sinceBest);
        o.addProperty("best_restart", s.bestRestart);
        o.add("best_restart_score", Json.number(s.bestRestartScore));
        o.add("best_restart_parameters", s.bestRestartParameters == null ? null : Json.arrays(s.bestRestartParameters));
        JsonArray history = new JsonArray();
        for (TrainingState.Epoch e : s.history) {
            JsonArray row = new JsonArray();
            row.add(e.restart());
            row.add(e.epoch());
            row.add(e.updates());
            row.add(Json.number(e.loss()));
            row.add(Json.number(e.validationLoss()));
            row.add(Json.number(e.eta()));
            history.add(row);
        }
        o.add("history", history);
        AtomicFile.write(file, Json.PRETTY.toJson(o) + "\n");
    }

    /**
     * The checkpoint in {@code file}, which must belong to the run described by {@code run}.
     *
     * @throws IOException        when the file cannot be read
     * @throws JsonParseException with a message for people when it is no checkpoint, or another run's
     */
    static Saved read(Path file, JsonObject run) throws IOException {
        String what = file.toString();
        JsonObject o = Json.read(file, "a checkpoint");
        if (!o.has("format") || !o.get("format").isJsonPrimitive() || !FORMAT.equals(o.get("format").getAsString())) {
            throw new JsonParseException(what + " is not a nabla checkpoint (\"format\": \"" + FORMAT + "\")");
        }
        JsonObject saved = Json.object(o.get("run"), what + ": \"run\"");
        List<String> differences = differences(saved, run);
        if (!differences.isEmpty()) {
            throw new JsonParseException(what + " belongs to another run: " + String.join("; ", differences));
        }
        return Json.fields(what, "checkpoint", () -> {
            try {
                return saved(o, what);
            } catch (JsonParseException e) {
                throw new JsonParseException("not a whole checkpoint: " + e.getMessage());
            }
        });
    }

    private static Saved saved(JsonObject o, String what) {
        TrainingState s = new TrainingState();
        long rng;
        try {
            rng = Long.parseLong(Json.string(o, "rng", what));
        } catch (NumberFormatException e) {
            throw new JsonParseException(what + ": \"rng\" is not a generator state");
        }
        s.restart = (int) Json.integer(o, "restart", what);
        s.started = Json.bool(o, "started", what);
        s.epoch = (int) Json.integer(o, "epoch", what);
        s.epochs = (int) Json.integer(o, "epochs", what);
        s.updates = Json.integer(o, "updates", what);
        s.eta = Json.number(o, "eta", what);
        s.temperature = Json.number(o, "temperature", what);
        s.loss = Json.number(o, "loss", what);
        s.parameters = Json.doubleArrays(Json.member(o, "parameters", what), what + ": \"parameters\"");
        s.velocity = Json.doubleArrays(o.get("velocity"), what + ": \"velocity\"");
        s.bestValidation = Json.number(o, "best_validation", what);
        s.bestParameters = Json.doubleArrays(o.get("best_parameters"), what + ": \"best_parameters\"");
        s.bestEpoch = (int) Json.integer(o, "best_epoch", what);
        s.sinceBest = (int) Json.integer(o, "since_best", what);
        s.bestRestart = (int) Json.integer(o, "best_restart", what);
        s.bestRestartScore = Json.number(o, "best_restart_score", what);
        s.bestRestartParameters = Json.doubleArrays(o.get("best_restart_parameters"),
                what + ": \"best_restart_parameters\"");
        JsonElement history = Json.member(o, "history", what);
        if (!history.isJsonArray()) {
            throw new JsonParseException(what + ": \"history\" is not a list");
        }
        for (JsonElement row : history.getAsJsonArray()) {
            JsonArray r = row.getAsJsonArray();
            s.history.add(new TrainingState.Epoch(r.get(0).getAsInt(), r.get(1).getAsInt(), r.get(2).getAsLong(),
                    orNaN(r.get(3)), orNaN(r.get(4)), orNaN(r.get(5))));
        }
        return new Saved(s, rng);
    }

    private static double orNaN(JsonElement e) {
        return e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    /** What differs between the run a checkpoint was written by and this one, for people. */
    private static List<String> differences(JsonObject saved, JsonObject now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : now.entrySet()) {
            JsonElement before = saved.get(e.getKey());
            if (!e.getValue().equals(before)) {
                out.add(e.getKey() + " was " + (before == null ? "not given" : before) + ", now " + e.getValue());
            }
        }
        for (String key : saved.keySet()) {
            if (!now.has(key)) {
                out.add(key + " was " + saved.get(key) + ", now not given");
            }
        }
        return out;
    }
}
