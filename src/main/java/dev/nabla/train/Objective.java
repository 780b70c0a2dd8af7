package dev.nabla.train;

import dev.nabla.runtime.Network;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objective over rows of the encoded data, through networks of one factory: the mean loss of
 * a set of rows, its mean gradient, and the predictions. The parameters live in one network, the
 * primary; where a formula file holds several samples at once ({@code X[m, d]}), each count of rows
 * gets a network of its own, which is given the primary's parameters before it is used.
 *
 * <p>For a per-sample objective the loss of several rows is the mean of the rows' losses, and so
 * is the gradient. For a whole-data-set objective it is the file's own objective at m = the rows
 * (5.16 writes that mean itself: {@code E = 1/m * sum(k, E_k[k])}).
 */
final class Objective {
    private final NetworkFactory factory;
    private final FormulaFile.Layout layout;
    private final Map<String, Integer> sizes;
    private final Map<String, Double> consts;
    private final double[][] x;
    private final double[][] y;
    private final int outputs;
    private final List<String> parameters;
    private final Map<Integer, Network> bySamples = new HashMap<>();
    private final Network primary;
    private final double[][] live;
    private final double[][] sums;
    private double[][] gradient;
    private boolean gradientOfPrimary;

    /**
     * @param sizes          every dim's size but the sample dim's
     * @param x              every row's encoded features
     * @param y              every row's encoded target, or null where there is none (prediction)
     * @param outputs        the width of a target row
     * @param primarySamples for a whole-data-set file, the rows of the network updates usually see
     */
    Objective(NetworkFactory factory, Map<String, Integer> sizes, Map<String, Double> consts, double[][] x,
              double[][] y, int outputs, int primarySamples) {
        this.factory = factory;
        this.layout = factory.layout();
        this.sizes = new LinkedHashMap<>(sizes);
        this.consts = consts;
        this.x = x;
        this.y = y;
        this.outputs = outputs;
        this.primary = network(layout.wholeDataSet() ? primarySamples : 1);
        this.parameters = primary.parameters();
        this.live = new double[parameters.size()][];
        this.sums = new double[parameters.size()][];
        for (int p = 0; p < live.length; p++) {
            live[p] = primary.values(parameters.get(p));
            sums[p] = new double[live[p].length];
        }
    }

    /** The network for {@code samples} rows at a time (any count for a per-sample file: the primary). */
    private Network network(int samples) {
        int key = layout.wholeDataSet() ? samples : 1;
        Network n = bySamples.get(key);
        if (n == null) {
            Map<String, Integer> s = new LinkedHashMap<>(sizes);
            if (layout.wholeDataSet()) {
                s.put(layout.sampleDim(), samples);
            }
            n = factory.create(s);
            for (Map.Entry<String, Double> c : consts.entrySet()) {
                java.util.Arrays.fill(n.values(c.getKey()), c.getValue());
            }
            bySamples.put(key, n);
        }
        return n;
    }

    /** The network for these rows, holding the primary's parameters and the rows' data. */
    private Network load(int[] rows, int from, int to) {
        Network n = network(to - from);
        if (n != primary) {
            for (int p = 0; p < live.length; p++) {
                System.arraycopy(live[p], 0, n.values(parameters.get(p)), 0, live[p].length);
            }
        }
        double[] in = n.values(layout.input());
        double[] out = n.values(layout.target());
        int width = in.length / (to - from);
        for (int k = from; k < to; k++) {
            System.arraycopy(x[rows[k]], 0, in, (k - from) * width, width);
            if (y != null) {
                System.arraycopy(y[rows[k]], 0, out, (k - from) * outputs, outputs);
            }
        }
        return n;
    }

    /** The names of the parameters, in the train statement's order. */
    List<String> parameters() {
        return parameters;
    }

    /** The live parameters: what every update changes. */
    double[][] live() {
        return live;
    }

    /** The primary network, whose parameters are {@link #live}. */
    Network primary() {
        return primary;
    }

    /** The shape of a parameter. */
    int[] shape(int parameter) {
        return primary.shape(parameters.get(parameter));
    }

    /**
     * The mean loss of {@code rows[from..to)} at the current parameters, leaving the mean gradient
     * in {@link #gradient()}.
     */
    double lossAndGradient(int[] rows, int from, int to) {
        int count = to - from;
        if (layout.wholeDataSet() || count == 1) {
            Network n = load(rows, from, to);
            double loss = n.backward();
            gradient = gradientsOf(n);
            gradientOfPrimary = n == primary;
            return loss;
        }
        for (double[] s : sums) {
            java.util.Arrays.fill(s, 0);
        }
        double loss = 0;
        for (int k = from; k < to; k++) {
            load(rows, k, k + 1);
            loss += primary.backward();
            for (int p = 0; p < sums.length; p++) {
                double[] g = primary.gradient(parameters.get(p));
                double[] s = sums[p];
                for (int i = 0; i < s.length; i++) {
                    s[i] += g[i];
                }
            }
        }
        for (double[] s : sums) {
            for (int i = 0; i < s.length; i++) {
                s[i] /= count;
            }
        }
        gradient = sums;
        gradientOfPrimary = false;
        return loss / count;
    }

    private double[][] gradientsOf(Network n) {
        double[][] g = new double[parameters.size()][];
        for (int p = 0; p < g.length; p++) {
            g[p] = n.gradient(parameters.get(p));
        }
        return g;
    }

    /** The mean gradient the last {@link #lossAndGradient} computed. */
    double[][] gradient() {
        return gradient;
    }

    /** Whether the last gradient is the primary network's own, so that its {@link Network#step} applies it. */
    boolean gradientOfPrimary() {
        return gradientOfPrimary;
    }

    /** The mean loss of the rows at the current parameters; NaN for no rows. */
    double loss(int[] rows) {
        if (rows.length == 0) {
            return Double.NaN;
        }
        if (layout.wholeDataSet()) {
            return load(rows, 0, rows.length).loss();
        }
        double loss = 0;
        for (int k = 0; k < rows.length; k++) {
            loss += load(rows, k, k + 1).loss();
        }
        return loss / rows.length;
    }

    /** The prediction for each row at the current parameters, {@code rows.length x outputs}. */
    double[][] predictions(int[] rows) {
        double[][] out = new double[rows.length][];
        if (rows.length == 0) {
            return out;
        }
        if (layout.wholeDataSet()) {
            double[] all = load(rows, 0, rows.length).output(layout.output());
            for (int k = 0; k < rows.length; k++) {
                out[k] = java.util.Arrays.copyOfRange(all, k * outputs, (k + 1) * outputs);
            }
            return out;
        }
        for (int k = 0; k < rows.length; k++) {
            out[k] = load(rows, k, k + 1).output(layout.output()).clone();
        }
        return out;
    }
}
