package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes an adjoint program read like the book: an adjoint that is a multiple of an earlier
 * one is written through it ({@code dE_dtheta[j] = -dE_dbeta[j]}, the book's Δθ = −η g), and
 * definitions are listed so that each follows the adjoints it uses. Values are unchanged.
 */
final class Readability {
    private Readability() {
    }

    /**
     * @param adjoints   in the order reverse mode finished them
     * @param ofLeaves   those that are adjoints of leaves: they may be written through any node's
     *                   adjoint, a node's adjoint only through one finished before it
     */
    static List<Definition> tidy(List<Definition> adjoints, Set<Tensor> ofLeaves) {
        List<Definition> nodes = new ArrayList<>();
        for (Definition d : adjoints) {
            if (!ofLeaves.contains(d.tensor())) {
                nodes.add(d);
            }
        }
        List<Definition> reused = new ArrayList<>();
        for (Definition d : adjoints) {
            boolean leaf = ofLeaves.contains(d.tensor());
            reused.add(through(d, leaf ? nodes : nodes.subList(0, nodes.indexOf(d))));
        }
        return dependenciesFirst(reused);
    }

    /** d rewritten as c * e[...] when its body is c times the body of one of {@code candidates} over the same indices. */
    private static Definition through(Definition d, List<Definition> candidates) {
        Expr shape = Ir.withoutCoefficient(d.body());
        if (!(shape instanceof Expr.Mul)) {
            return d;
        }
        for (Definition e : candidates) {
            if (Ir.withoutCoefficient(e.body()) == shape && new HashSet<>(e.indices()).equals(d.body().freeIndices())) {
                BigFraction ratio = Ir.coefficientOf(d.body()).divide(Ir.coefficientOf(e.body()));
                return new Definition(d.tensor(), d.indices(),
                        Ir.mul(Ir.constant(ratio), Ir.access(e.tensor(), e.indices())));
            }
        }
        return d;
    }

    /** A stable topological order: each definition after the ones among them it references. */
    private static List<Definition> dependenciesFirst(List<Definition> defs) {
        Map<Tensor, Definition> byTensor = new LinkedHashMap<>();
        for (Definition d : defs) {
            byTensor.put(d.tensor(), d);
        }
        List<Definition> out = new ArrayList<>();
        Set<Tensor> placed = new HashSet<>();
        for (Definition d : defs) {
            place(d, byTensor, placed, out);
        }
        return out;
    }

    private static void place(Definition d, Map<Tensor, Definition> byTensor, Set<Tensor> placed, List<Definition> out) {
        if (!placed.add(d.tensor())) {
            return;
        }
        for (Tensor t : Tensors.referenced(d.body())) {
            Definition dep = byTensor.get(t);
            if (dep != null) {
                place(dep, byTensor, placed, out);
            }
        }
        out.add(d);
    }
}
