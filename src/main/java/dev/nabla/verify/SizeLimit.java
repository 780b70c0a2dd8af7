package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Limits;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.ToIntFunction;

/**
 * The dense values one evaluation materializes (the leaves it is given, every defined tensor
 * and every value in between, each over its free indices), held to at most
 * {@link Limits#MAX_ELEMENTS} elements each.
 */
final class SizeLimit {
    /**
     * Each distinct list of dims (with repeats: x[i] * x[j] is over n × n), and the tensor that
     * has it, for messages; null for a value in between.
     */
    private final Map<List<Dim>, String> shapes = new LinkedHashMap<>();

    private SizeLimit() {
    }

    /** The values of evaluating {@code roots} over {@code free}, given {@code leaves}. */
    static SizeLimit of(Graph graph, Collection<Tensor> leaves, List<Index> free, Expr... roots) {
        SizeLimit limit = new SizeLimit();
        for (Tensor leaf : leaves) {
            limit.shapes.putIfAbsent(leaf.shape(), describe(leaf));
        }
        limit.shapes.putIfAbsent(dimsOf(free), null);
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Tensor> definitions = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Expr> work = new ArrayDeque<>(List.of(roots));
        while (!work.isEmpty()) {
            Expr e = work.pop();
            if (!seen.add(e)) {
                continue;
            }
            if (e instanceof Expr.Access) {
                Tensor t = ((Expr.Access) e).tensor();
                if (!t.isLeaf() && definitions.add(t)) {
                    limit.shapes.putIfAbsent(t.shape(), describe(t));
                    work.push(graph.definition(t).body());
                }
            }
            limit.shapes.putIfAbsent(dimsOf(e.freeIndices()), null);
            for (Expr c : Children.of(e)) {
                work.push(c);
            }
        }
        return limit;
    }

    private static List<Dim> dimsOf(Collection<Index> indices) {
        List<Dim> dims = new ArrayList<>();
        for (Index i : indices) {
            dims.add(i.dim());
        }
        return List.copyOf(dims);
    }

    private static String describe(Tensor t) {
        StringJoiner shape = new StringJoiner(", ", t.name() + "[", "]");
        shape.setEmptyValue(t.name());
        t.shape().forEach(d -> shape.add(d.name()));
        return shape.toString();
    }

    /** The elements of a shape at these sizes, saturating just above the limit. */
    private static long elements(List<Dim> shape, ToIntFunction<Dim> size) {
        long n = 1;
        for (Dim d : shape) {
            n = Math.min(n * size.applyAsInt(d), Limits.MAX_ELEMENTS + 1L);
        }
        return n;
    }

    /**
     * Why these sizes are too large, naming the first value over the limit, its dims and their
     * sizes ({@code which} says where the sizes come from); null if they are not too large.
     */
    String excess(ToIntFunction<Dim> size, String which) {
        for (Map.Entry<List<Dim>, String> e : shapes.entrySet()) {
            List<Dim> shape = e.getKey();
            if (elements(shape, size) > Limits.MAX_ELEMENTS) {
                StringJoiner dims = new StringJoiner(" × ");
                Map<Dim, Integer> sizes = new LinkedHashMap<>();
                BigInteger exact = BigInteger.ONE;
                for (Dim d : shape) {
                    dims.add(d.name());
                    sizes.put(d, size.applyAsInt(d));
                    exact = exact.multiply(BigInteger.valueOf(size.applyAsInt(d)));
                }
                StringJoiner at = new StringJoiner(", ");
                sizes.forEach((d, n) -> at.add(d.name() + " = " + n));
                String what = e.getValue() != null ? e.getValue() : "a value over " + dims;
                return what + " would have " + exact + " elements at " + at + " ("
                        + which + "); nabla evaluates at most " + Limits.MAX_ELEMENTS + " elements per tensor";
            }
        }
        return null;
    }

    /**
     * The sizes, made small enough: while some value is over the limit, its largest dim above its
     * lower bound is halved (never below it). Null if even the lower bounds are too large.
     */
    Map<Dim, Integer> fit(Map<Dim, Integer> sizes, ToIntFunction<Dim> lowerBound) {
        Map<Dim, Integer> fitted = new LinkedHashMap<>(sizes);
        ToIntFunction<Dim> size = d -> fitted.getOrDefault(d, 1);
        while (true) {
            List<Dim> over = null;
            for (List<Dim> shape : shapes.keySet()) {
                if (elements(shape, size) > Limits.MAX_ELEMENTS) {
                    over = shape;
                    break;
                }
            }
            if (over == null) {
                return fitted;
            }
            Dim largest = null;
            for (Dim d : over) {
                if (size.applyAsInt(d) > lowerBound.applyAsInt(d)
                        && (largest == null || size.applyAsInt(d) > size.applyAsInt(largest))) {
                    largest = d;
                }
            }
            if (largest == null) {
                return null;
            }
            fitted.put(largest, Math.max(lowerBound.applyAsInt(largest), size.applyAsInt(largest) / 2));
        }
    }
}
