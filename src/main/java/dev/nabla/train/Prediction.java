package dev.nabla.train;

import com.google.gson.JsonParseException;
import dev.nabla.diag.Diagnostics;
import dev.nabla.train.data.Dataset;
import dev.nabla.train.data.Encoding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code nabla predict}: saved weights applied to the rows of a CSV file, with the encoding they
 * were trained with, and, where the file has the target column, the accuracy and the confusion
 * matrix.
 */
public final class Prediction {
    /** A problem with the files given that has no place in a text file to point at. */
    public static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    private final Encoding encoding;
    private final int[] predicted;
    private final int[] actual;

    private Prediction(Encoding encoding, int[] predicted, int[] actual) {
        this.encoding = encoding;
        this.predicted = predicted;
        this.actual = actual;
    }

    /**
     * The predictions of the weights in {@code weightsFile}, trained on {@code formula}, for the rows
     * of {@code csv}; null after reporting problems in the formula file or the CSV file to {@code diags}.
     *
     * @throws BadInput when the weights cannot be read, or were trained on another formula file
     */
    public static Prediction run(Path formula, Path weightsFile, Path csv, Diagnostics diags) throws BadInput {
        Weights weights;
        try {
            weights = Weights.read(weightsFile);
        } catch (IOException | JsonParseException e) {
            throw new BadInput(e.getMessage());
        }
        FormulaFile file = FormulaFile.load(formula, weights.output(), diags);
        if (file == null) {
            return null;
        }
        if (!file.sha256().equals(weights.formulaSha256())) {
            throw new BadInput(weightsFile + " was trained on another formula file than " + formula + ": "
                    + weights.formula() + " with SHA-256 " + weights.formulaSha256() + ", and " + formula + " has "
                    + file.sha256() + " (was it changed since?)");
        }
        Encoding encoding = weights.encoding();
        Dataset data = Dataset.read(csv, encoding, diags);
        if (data == null) {
            return null;
        }
        Objective objective = new Objective(Networks.forPredictions(file), weights.sizes(), weights.consts(),
                encoding.features(data), null, encoding.outputs(), 1);
        double[][] live = objective.live();
        List<String> names = objective.parameters();
        for (int p = 0; p < live.length; p++) {
            double[] saved = weights.parameters().get(names.get(p));
            if (saved == null || saved.length != live[p].length) {
                throw new BadInput(weightsFile + ": parameter " + names.get(p) + " is missing or has the wrong size");
            }
            System.arraycopy(saved, 0, live[p], 0, saved.length);
        }
        int[] rows = new int[data.size()];
        Arrays.setAll(rows, r -> r);
        double[][] outputs = objective.predictions(rows);
        int[] predicted = new int[rows.length];
        for (int r = 0; r < rows.length; r++) {
            predicted[r] = encoding.classOf(outputs[r]);
        }
        return new Prediction(encoding, predicted, data.hasTarget() ? data.labels() : null);
    }

    /** The predicted class of each row. */
    public List<String> classes() {
        List<String> out = new ArrayList<>();
        for (int p : predicted) {
            out.add(encoding.classes().get(p));
        }
        return out;
    }

    /** The name of the target column. */
    public String target() {
        return encoding.target();
    }

    /** Whether the rows had the target column, so that {@link #accuracy} and {@link #confusion} exist. */
    public boolean hasTarget() {
        return actual != null;
    }

    public int correct() {
        int n = 0;
        for (int r = 0; r < predicted.length; r++) {
            n += predicted[r] == actual[r] ? 1 : 0;
        }
        return n;
    }

    public int rows() {
        return predicted.length;
    }

    public double accuracy() {
        return (double) correct() / predicted.length;
    }

    /** {@code confusion()[actual][predicted]}: how many rows of each class were predicted as each class. */
    public int[][] confusion() {
        int k = encoding.classes().size();
        int[][] m = new int[k][k];
        for (int r = 0; r < predicted.length; r++) {
            m[actual[r]][predicted[r]]++;
        }
        return m;
    }

    /** The class names, in the order of the confusion matrix. */
    public List<String> classNames() {
        return encoding.classes();
    }
}
