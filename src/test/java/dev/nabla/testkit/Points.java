package dev.nabla.testkit;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random evaluation points and central differences of a scalar at them. */
public final class Points {
    private Points() {
    }

    /** Sizes in [1, maxSize] for the dims and values in (-range, range) for the leaves. */
    public static Instance random(Random r, List<Dim> dims, List<Tensor> leaves, int maxSize, double range) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : dims) {
            sizes.put(d, 1 + r.nextInt(maxSize));
        }
        Instance at = new Instance(sizes, Map.of());
        for (Tensor t : leaves) {
            double[] v = new double[at.elements(t.shape())];
            for (int k = 0; k < v.length; k++) {
                v[k] = (2 * r.nextDouble() - 1) * range;
            }
            at = at.withValues(t, v);
        }
        return at;
    }

    /** The value of a scalar expression with its rounding error bound. */
    public static Evaluator.Value scalar(Graph g, Instance at, Expr e) {
        return new Evaluator(g, at).evaluate(e, List.of());
    }

    /**
     * A central difference quotient, the bound on its rounding error, and an estimate of its
     * truncation error: |D(h) - D(2h)|, about three times D(h)'s own since the error goes as h².
     */
    public record Difference(double value, double roundingBound, double truncation) {
        /** How far the true derivative may be from {@link #value}, with a safety factor. */
        public double uncertainty() {
            return 4 * roundingBound + 2 * truncation;
        }
    }

    /** (F(v + h) - F(v - h)) / 2h for one leaf element, h scaled to the element. */
    public static Difference central(Graph g, Instance at, Expr f, Tensor leaf, int offset, double relativeStep) {
        double h = relativeStep * Math.max(1, Math.abs(at.values(leaf)[offset]));
        double[] small = quotient(g, at, f, leaf, offset, h);
        double[] large = quotient(g, at, f, leaf, offset, 2 * h);
        return new Difference(small[0], small[1] + large[1], Math.abs(small[0] - large[0]));
    }

    private static double[] quotient(Graph g, Instance at, Expr f, Tensor leaf, int offset, double h) {
        double[] base = at.values(leaf);
        double[] up = base.clone();
        double[] down = base.clone();
        up[offset] += h;
        down[offset] -= h;
        double taken = (up[offset] - down[offset]) / 2; // the step actually representable
        Evaluator.Value fu = scalar(g, at.withValues(leaf, up), f);
        Evaluator.Value fd = scalar(g, at.withValues(leaf, down), f);
        double value = (fu.values()[0] - fd.values()[0]) / (2 * taken);
        double bound = (fu.errors()[0] + fd.errors()[0]
                + Evaluator.EPS * (Math.abs(fu.values()[0]) + Math.abs(fd.values()[0]))) / (2 * taken);
        return new double[] {value, bound};
    }
}
