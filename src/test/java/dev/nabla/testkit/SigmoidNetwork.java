package dev.nabla.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected sigmoid network of any depth as a {@code .nabla} file, with backpropagation
 * written the way a student writes it: the output layer's error term from the loss, and each
 * earlier layer's from the next one's,
 * <pre>
 *   e3[j] = o3[j] * (1 - o3[j]) * (y[j] - o3[j])
 *   e2[i] = o2[i] * (1 - o2[i]) * sum(j, w3[i, j] * e3[j])
 * </pre>
 * as {@code derivations/ch5-bp.nabla} does for two layers. Layer k reads {@code o(k-1)} (the
 * input {@code x} for k = 1) through weights {@code wk[n(k-1), nk]} and thresholds {@code tk}.
 */
public final class SigmoidNetwork {
    private final int layers;
    private final boolean oneHiddenWidth;
    private int forgetsDerivativeAt;

    /** @param layers at least 1 */
    public SigmoidNetwork(int layers) {
        this(layers, false);
    }

    /**
     * @param oneHiddenWidth whether every hidden layer has the same size {@code q} (input {@code d},
     *                       output {@code l}), so that a weight's indices may be swapped
     */
    public SigmoidNetwork(int layers, boolean oneHiddenWidth) {
        if (layers < 1) {
            throw new IllegalArgumentException("a network has at least one layer");
        }
        this.layers = layers;
        this.oneHiddenWidth = oneHiddenWidth;
    }

    /** The student's mistake: layer k's error term written with σ instead of σ' (the factor 1 - ok left out). */
    public SigmoidNetwork forgettingTheDerivativeAt(int layer) {
        this.forgetsDerivativeAt = layer;
        return this;
    }

    public int layers() {
        return layers;
    }

    /** The file with the first layer's weight gradient as its only claim. */
    public String withFirstLayerClaim() {
        return source(List.of(weightClaim("first layer", 1)));
    }

    /** The declarations and definitions, then the given statements. */
    public String source(List<String> statements) {
        StringBuilder s = new StringBuilder("# a " + layers + "-layer sigmoid network, backpropagation by hand\n");
        List<String> dims = new ArrayList<>();
        for (int k = 0; k <= layers; k++) {
            if (!dims.contains(dim(k))) {
                dims.add(dim(k));
            }
        }
        s.append("dim ").append(String.join(", ", dims)).append('\n');
        s.append("input x[").append(dim(0)).append("] in [0, 1]\n");
        s.append("target y[").append(dim(layers)).append("] in {0, 1}\n");
        List<String> params = new ArrayList<>();
        for (int k = 1; k <= layers; k++) {
            params.add("w" + k + "[" + dim(k - 1) + ", " + dim(k) + "], t" + k + "[" + dim(k) + "]");
        }
        s.append("param ").append(String.join(", ", params)).append('\n');
        for (int k = 1; k <= layers; k++) {
            s.append("a").append(k).append("[j] = sum(i, w").append(k).append("[i, j] * ").append(input(k))
                    .append("[i])\n");
            s.append("o").append(k).append("[j] = sigmoid(a").append(k).append("[j] - t").append(k).append("[j])\n");
        }
        s.append("E = 1/2 * sum(j, (o").append(layers).append("[j] - y[j])^2)\n");
        for (int k = layers; k >= 1; k--) {
            String next = k == layers ? "(y[i] - o" + k + "[i])" : "sum(j, w" + (k + 1) + "[i, j] * e" + (k + 1) + "[j])";
            s.append("e").append(k).append("[i] = ").append(sigmoidPrime(k)).append(" * ").append(next).append('\n');
        }
        for (String statement : statements) {
            s.append(statement).append('\n');
        }
        return s.toString();
    }

    /** {@code -diff(E, wk[i, j]) == ek[j] * o(k-1)[i]}: the weight update of layer k (5.11, 5.13). */
    public String weightClaim(String label, int k) {
        return "claim \"" + label + "\": -diff(E, w" + k + "[i, j]) == e" + k + "[j] * " + input(k) + "[i]";
    }

    /**
     * {@code count} different true claims, round the layers: weight and threshold gradients
     * (5.11–5.14), each scaled by its own number so that no two are the same expression.
     */
    public List<String> claims(int count) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int k = 1 + c % layers;
            int scale = 1 + c / layers;
            out.add(c % 2 == 0
                    ? "claim \"w" + k + " #" + c + "\": -" + scale + " * diff(E, w" + k + "[i, j]) == " + scale
                    + " * e" + k + "[j] * " + input(k) + "[i]"
                    : "claim \"t" + k + " #" + c + "\": " + scale + " * diff(E, t" + k + "[j]) == " + scale
                    + " * e" + k + "[j]");
        }
        return out;
    }

    private String sigmoidPrime(int k) {
        return k == forgetsDerivativeAt ? "o" + k + "[i]" : "o" + k + "[i] * (1 - o" + k + "[i])";
    }

    private static String input(int k) {
        return k == 1 ? "x" : "o" + (k - 1);
    }

    private String dim(int k) {
        if (!oneHiddenWidth) {
            return "n" + k;
        }
        return k == 0 ? "d" : k == layers ? "l" : "q";
    }
}
