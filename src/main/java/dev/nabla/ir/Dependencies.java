package dev.nabla.ir;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What some expressions depend on, through every definition they reach: the leaves they read,
 * the dims they range over or use as numbers, and the defined tensors they reach, in order of
 * first reach.
 */
public record Dependencies(Set<Tensor> leaves, Set<Dim> dims, Set<Tensor> definitions) {

    public Dependencies {
        leaves = Collections.unmodifiableSet(new LinkedHashSet<>(leaves));
        dims = Collections.unmodifiableSet(new LinkedHashSet<>(dims));
        definitions = Collections.unmodifiableSet(new LinkedHashSet<>(definitions));
    }

    /** Walks the expressions and the definitions they reach, each node once. */
    public static Dependencies of(Graph graph, Expr... roots) {
        Set<Tensor> leaves = new LinkedHashSet<>();
        Set<Dim> dims = new LinkedHashSet<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Tensor> definitionsSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Expr> work = new ArrayDeque<>();
        for (int k = roots.length - 1; k >= 0; k--) {
            work.push(roots[k]);
        }
        while (!work.isEmpty()) {
            Expr e = work.pop();
            if (!seen.add(e)) {
                continue;
            }
            if (e instanceof Expr.Access) {
                Expr.Access a = (Expr.Access) e;
                Tensor t = a.tensor();
                dims.addAll(t.shape());
                addIndexDims(a.subscripts(), dims);
                if (t.isLeaf()) {
                    leaves.add(t);
                } else if (definitionsSeen.add(t)) {
                    Definition d = graph.definition(t);
                    if (d == null) {
                        throw new IllegalArgumentException("no definition of " + t + " in the graph");
                    }
                    work.push(d.body());
                }
            } else if (e instanceof Expr.DimSize) {
                dims.add(((Expr.DimSize) e).dim());
            } else if (e instanceof Expr.Sum) {
                dims.add(((Expr.Sum) e).index().dim());
            } else if (e instanceof Expr.Delta) {
                addIndexDims(List.of(((Expr.Delta) e).left(), ((Expr.Delta) e).right()), dims);
            }
            List<Expr> ops = Children.of(e);
            for (int k = ops.size() - 1; k >= 0; k--) {
                work.push(ops.get(k));
            }
        }
        return new Dependencies(leaves, dims, definitionsSeen);
    }

    private static void addIndexDims(List<Subscript> subs, Set<Dim> dims) {
        for (Subscript s : subs) {
            if (s instanceof Index) {
                dims.add(((Index) s).dim());
            }
        }
    }
}
