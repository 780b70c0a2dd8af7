package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;

import java.util.List;
import java.util.Map;

/**
 * The adjoint program of one function F: for every tensor X that F depends on, a defined
 * tensor {@code dF_dX[J_F..., K...]} = ∂F[J_F]/∂X[K], where J_F are F's free indices.
 *
 * @param function     F
 * @param outer        F's free indices, the leading slots of every adjoint
 * @param byVariable   the adjoint tensor of each tensor F depends on (absent: zero adjoint)
 * @param definitions  the adjoint definitions in the order reverse mode produced them:
 *                     from F back towards the leaves, each after the adjoints it uses
 */
public record Adjoints(Expr function, List<Index> outer, Map<Tensor, Tensor> byVariable,
                       List<Definition> definitions) {

    /** The adjoints of the given tensors and every adjoint they use, in the program's order. */
    public List<Definition> programFor(List<Tensor> variables) {
        Map<Tensor, Definition> byTensor = new HashMap<>();
        for (Definition d : definitions) {
            byTensor.put(d.tensor(), d);
        }
        Set<Tensor> keep = new HashSet<>();
        List<Tensor> work = new ArrayList<>();
        for (Tensor t : variables) {
            if (byVariable.containsKey(t)) {
                work.add(byVariable.get(t));
            }
        }
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            Definition d = byTensor.get(t);
            if (d != null && keep.add(t)) {
                work.addAll(Tensors.referenced(d.body()));
            }
        }
        List<Definition> out = new ArrayList<>();
        for (Definition d : definitions) {
            if (keep.contains(d.tensor())) {
                out.add(d);
            }
        }
        return out;
    }
}
