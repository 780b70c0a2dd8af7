package dev.nabla.autodiff;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;

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
}
