package dev.nabla.train.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the rows of a CSV file become a network's inputs and targets: everything {@code predict}
 * needs to treat new rows exactly as the training rows were treated. It is fitted on the training
 * rows of a {@link Dataset} ({@link Dataset#fit}), saved with the weights ({@link #toJson}) and
 * read back ({@link #fromJson}).
 *
 * <p>The encoded feature row lists the feature columns in the order of the training file: a
 * numeric column gives one input, {@code (x - mean) / std} ({@code x - mean} for a column that
 * was constant in the training part, whose std is 0); a categorical column gives one input per
 * category, 1 for the row's category and 0 for the others ({@link #featureNames} names them
 * {@code column=category}). The target is one output, 0 or 1, when there are two classes (1 for
 * the second class, see {@link Dataset}), and one-hot over the classes when there are more.
 *
 * @param target  the name of the target column
 * @param classes the class names, in the order of the outputs (at least two)
 * @param columns the feature columns, in the order of the encoded inputs
 */
public record Encoding(String target, List<String> classes, List<Column> columns) {
    /** A feature column of the training file. */
    public sealed interface Column permits Numeric, Categorical {
        String name();

        /** The number of inputs the column becomes. */
        int width();
    }

    /** A numeric column, standardised with the mean and standard deviation of its training values. */
    public record Numeric(String name, double mean, double std) implements Column {
        public Numeric {
            if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
                throw new IllegalArgumentException("column " + name + ": mean " + mean + " and std " + std);
            }
        }

        @Override
        public int width() {
            return 1;
        }

        /** The input a value becomes. */
        public double encode(double value) {
            return std > 0 ? (value - mean) / std : value - mean;
        }
    }

    /** A categorical column, one-hot over its categories in {@link Cells#ORDER}. */
    public record Categorical(String name, List<String> categories) implements Column {
        public Categorical {
            categories = List.copyOf(categories);
            if (categories.isEmpty() || new HashSet<>(categories).size() != categories.size()) {
                throw new IllegalArgumentException("column " + name + ": categories " + categories);
            }
        }

        @Override
        public int width() {
            return categories.size();
        }
    }

    public Encoding {
        classes = List.copyOf(classes);
        columns = List.copyOf(columns);
        if (classes.size() < 2 || new HashSet<>(classes).size() != classes.size()) {
            throw new IllegalArgumentException("the classes " + classes + " are not two or more distinct names");
        }
        Set<String> names = new HashSet<>();
        for (Column column : columns) {
            if (column.name().equals(target)) {
                throw new IllegalArgumentException("the target " + target + " is also a feature column");
            }
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("the column " + column.name() + " appears twice");
            }
        }
    }

    /** The number of inputs of an encoded row: the network's input dim. */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** The number of outputs: 1 for two classes, else one per class. */
    public int outputs() {
        return classes.size() == 2 ? 1 : classes.size();
    }

    /** The name of each input: the column's name, or {@code column=category} for one-hot inputs. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (Column column : columns) {
            if (column instanceof Categorical) {
                for (String category : ((Categorical) column).categories()) {
                    names.add(column.name() + "=" + category);
                }
            } else {
                names.add(column.name());
            }
        }
        return names;
    }

    /** Every row of {@code data} as encoded inputs, {@code size() x width()}. */
    public double[][] features(Dataset data) {
        data.checkMatches(this);
        double[][] rows = new double[data.size()][width()];
        int offset = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            double[] raw = data.raw(c);
            for (int r = 0; r < rows.length; r++) {
                if (column instanceof Numeric) {
                    rows[r][offset] = ((Numeric) column).encode(raw[r]);
                } else {
                    rows[r][offset + (int) raw[r]] = 1;
                }
            }
            offset += column.width();
        }
        return rows;
    }

    /** Every row's target as the network's outputs should be, {@code size() x outputs()}. */
    public double[][] targets(Dataset data) {
        data.checkMatches(this);
        int[] labels = data.labels();
        double[][] rows = new double[labels.length][];
        for (int r = 0; r < labels.length; r++) {
            rows[r] = target(labels[r]);
        }
        return rows;
    }

    /** The outputs that stand for a class: {@code [0]} or {@code [1]} for two classes, else one-hot. */
    public double[] target(int label) {
        double[] out = new double[outputs()];
        if (classes.size() == 2) {
            out[0] = label;
        } else {
            out[label] = 1;
        }
        return out;
    }

    /**
     * The class the network's outputs predict: for one output, the second class when it is at
     * least 0.5; else the largest output (the first of equal ones; NaN never wins).
     */
    public int classOf(double[] outputs) {
        if (outputs.length != outputs()) {
            throw new IllegalArgumentException(outputs.length + " outputs for " + outputs() + " expected");
        }
        if (classes.size() == 2) {
            return outputs[0] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < outputs.length; k++) {
            if (outputs[k] > outputs[best] || Double.isNaN(outputs[best]) && !Double.isNaN(outputs[k])) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The encoding as JSON: {@code {"target": ..., "classes": [...], "columns": [{"name": ...,
     * "kind": "numeric", "mean": ..., "std": ...} or {"name": ..., "kind": "categorical",
     * "categories": [...]}]}}. Numbers are written so that they read back exactly.
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("target", target);
        json.add("classes", strings(classes));
        JsonArray list = new JsonArray();
        for (Column column : columns) {
            JsonObject c = new JsonObject();
            c.addProperty("name", column.name());
            if (column instanceof Numeric) {
                Numeric numeric = (Numeric) column;
                c.addProperty("kind", "numeric");
                c.addProperty("mean", numeric.mean());
                c.addProperty("std", numeric.std());
            } else {
                c.addProperty("kind", "categorical");
                c.add("categories", strings(((Categorical) column).categories()));
            }
            list.add(c);
        }
        json.add("columns", list);
        return json;
    }

    /**
     * The encoding {@link #toJson} wrote.
     *
     * @throws JsonParseException with a message for people when the JSON is not such an encoding
     *                            (a hand-edited or truncated weights file)
     */
    public static Encoding fromJson(JsonElement json) {
        JsonObject object = object(json, "the encoding");
        String target = string(object, "target", "the encoding");
        List<String> classes = stringList(object, "classes", "the encoding");
        List<Column> columns = new ArrayList<>();
        JsonElement list = object.get("columns");
        if (list == null || !list.isJsonArray()) {
            throw new JsonParseException("the encoding has no \"columns\" list");
        }
        for (JsonElement element : list.getAsJsonArray()) {
            String where = "column " + (columns.size() + 1) + " of the encoding";
            JsonObject c = object(element, where);
            String name = string(c, "name", where);
            String kind = string(c, "kind", where);
            if (kind.equals("numeric")) {
                columns.add(numeric(name, number(c, "mean", where), number(c, "std", where), where));
            } else if (kind.equals("categorical")) {
                columns.add(categorical(name, stringList(c, "categories", where), where));
            } else {
                throw new JsonParseException(where + " has kind \"" + kind + "\", not \"numeric\" or \"categorical\"");
            }
        }
        try {
            return new Encoding(target, classes, columns);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException("the encoding is inconsistent: " + e.getMessage());
        }
    }

    private static Numeric numeric(String name, double mean, double std, String where) {
        if (!(std >= 0)) {
            throw new JsonParseException(where + " has a negative \"std\"");
        }
        return new Numeric(name, mean, std);
    }

    private static Categorical categorical(String name, List<String> categories, String where) {
        try {
            return new Categorical(name, categories);
        } catch (IllegalArgumentException e) {
            throw new JsonParseException(where + " needs distinct \"categories\", at least one");
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static JsonObject object(JsonElement json, String what) {
        if (json == null || !json.isJsonObject()) {
            throw new JsonParseException(what + " is not a JSON object");
        }
        return json.getAsJsonObject();
    }

    private static String string(JsonObject object, String key, String where) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new JsonParseException(where + " has no string \"" + key + "\"");
        }
        return value.getAsString();
    }

    private static double number(JsonObject object, String key, String where) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new JsonParseException(where + " has no number \"" + key + "\"");
        }
        double number = value.getAsDouble();
        if (!Double.isFinite(number)) {
            throw new JsonParseException(where + " has a \"" + key + "\" out of the range of a double");
        }
        return number;
    }

    private static List<String> stringList(JsonObject object, String key, String where) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonArray()) {
            throw new JsonParseException(where + " has no list \"" + key + "\"");
        }
        List<String> strings = new ArrayList<>();
        for (JsonElement element : value.getAsJsonArray()) {
            if (!element.isJsonPrimitive() || !((JsonPrimitive) element).isString()) {
                throw new JsonParseException(where + " has a \"" + key + "\" entry that is not a string");
            }
            strings.add(element.getAsString());
        }
        return strings;
    }
}
