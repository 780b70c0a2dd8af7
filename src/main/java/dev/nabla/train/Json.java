package dev.nabla.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

/**
 * The JSON of weights files and checkpoints: doubles written so that they read back exactly
 * (Java's shortest round-trip form), and readers that fail with a message for people on a file
 * that is not what it should be.
 */
final class Json {
    static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /**
     * The JSON object in a file, or a message for people: the file is missing, unreadable, not
     * UTF-8 text, or not JSON.
     */
    static JsonObject read(java.nio.file.Path file, String kind) throws java.io.IOException {
        String text;
        try {
            text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JsonParseException("no such file: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new JsonParseException("cannot read " + file + ": permission denied");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new JsonParseException(file + " is not " + kind + ": it is not UTF-8 text");
        }
        return parse(text, file.toString(), kind);
    }

    /**
     * The JSON in a file's text, or a message for people naming the file and where its text stops
     * being JSON.
     */
    static JsonObject parse(String text, String file, String kind) {
        JsonElement e;
        try {
            e = com.google.gson.JsonParser.parseString(text);
        } catch (JsonParseException ex) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+) column (\\d+)")
                    .matcher(String.valueOf(ex.getMessage()));
            throw new JsonParseException(file + " is not " + kind + ": it is not JSON"
                    + (m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : ""));
        }
        if (e == null || !e.isJsonObject()) {
            throw new JsonParseException(file + " is not " + kind + ": not a JSON object");
        }
        return e.getAsJsonObject();
    }

    /**
     * Reads the fields of a parsed file; a field of the wrong kind or shape (which Gson reports as
     * an unchecked exception) becomes a message for people: "{@code what} is not a whole {@code kind}".
     */
    static <T> T fields(String what, String kind, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalStateException | UnsupportedOperationException | IndexOutOfBoundsException
                 | NumberFormatException e) {
            throw new JsonParseException(what + " is not a whole " + kind + ": " + e.getMessage());
        }
    }

    static JsonArray array(double[] values) {
        JsonArray a = new JsonArray(values.length);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    static JsonArray arrays(double[][] values) {
        JsonArray a = new JsonArray(values.length);
        for (double[] v : values) {
            a.add(array(v));
        }
        return a;
    }

    static JsonArray array(int[] values) {
        JsonArray a = new JsonArray(values.length);
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /** A number that may be NaN (no value): null in JSON. */
    static JsonElement number(double v) {
        return Double.isFinite(v) ? new com.google.gson.JsonPrimitive(v) : com.google.gson.JsonNull.INSTANCE;
    }

    static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new JsonParseException(what + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    static JsonElement member(JsonObject o, String key, String what) {
        JsonElement e = o.get(key);
        if (e == null) {
            throw new JsonParseException(what + " has no \"" + key + "\"");
        }
        return e;
    }

    static String string(JsonObject o, String key, String what) {
        JsonElement e = member(o, key, what);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new JsonParseException(what + ": \"" + key + "\" is not a string");
        }
        return e.getAsString();
    }

    static boolean bool(JsonObject o, String key, String what) {
        JsonElement e = member(o, key, what);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new JsonParseException(what + ": \"" + key + "\" is not true or false");
        }
        return e.getAsBoolean();
    }

    static double number(JsonObject o, String key, String what) {
        JsonElement e = member(o, key, what);
        if (e.isJsonNull()) {
            return Double.NaN;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new JsonParseException(what + ": \"" + key + "\" is not a number");
        }
        return e.getAsDouble();
    }

    static long integer(JsonObject o, String key, String what) {
        double v = number(o, key, what);
        if (v != Math.rint(v) || Math.abs(v) > 1L << 53) {
            throw new JsonParseException(what + ": \"" + key + "\" is not an integer");
        }
        return (long) v;
    }

    static double[] doubles(JsonElement e, String what) {
        if (e == null || !e.isJsonArray()) {
            throw new JsonParseException(what + " is not a list of numbers");
        }
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = a.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber() || !Double.isFinite(x.getAsDouble())) {
                throw new JsonParseException(what + " has an entry that is not a finite number: " + x);
            }
            out[i] = x.getAsDouble();
        }
        return out;
    }

    static double[][] doubleArrays(JsonElement e, String what) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonArray()) {
            throw new JsonParseException(what + " is not a list of lists");
        }
        JsonArray a = e.getAsJsonArray();
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i), what);
        }
        return out;
    }
}
