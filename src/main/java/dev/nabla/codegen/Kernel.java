package dev.nabla.codegen;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Tensor;

import java.util.List;

/**
 * One loop nest of a generated trainer: {@code target[out] = value}, or the sum or the maximum of
 * {@code value} over the {@code reduced} indices. The value has no sums left in it: each was
 * given a kernel of its own, whose target it reads.
 *
 * @param comment what a temporary target holds, as nabla text; null for a definition's own kernel
 */
record Kernel(Tensor target, List<Index> out, List<Index> reduced, Reduction reduction, Expr value, String comment) {
    enum Reduction { NONE, SUM, MAX }

    Kernel {
        out = List.copyOf(out);
        reduced = List.copyOf(reduced);
    }
}
