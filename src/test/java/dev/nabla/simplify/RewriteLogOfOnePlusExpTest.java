package dev.nabla.simplify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code log(1 + exp(u)) -> softplus(u)}. */
class RewriteLogOfOnePlusExpTest {
    private final Index j = new Index("j", new Dim("l"));
    private final Expr z = Ir.access(new Tensor("z", List.of(j.dim()), Tensor.Kind.PARAM), j);
    private final RewriteLogOfOnePlusExp rule = new RewriteLogOfOnePlusExp();

    @Test
    void theLogOfOnePlusAnExpIsASoftplus() {
        assertEquals(Optional.of(Ir.call(Fn.SOFTPLUS, z)), rule.apply(Ir.call(Fn.LOG, Ir.add(Ir.ONE, Ir.call(Fn.EXP, z)))));
    }

    @Test
    void otherSumsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.add(Ir.constant(2), Ir.call(Fn.EXP, z)))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.add(Ir.ONE, z))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.add(Ir.ONE, Ir.call(Fn.EXP, z), z))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.SQRT, Ir.add(Ir.ONE, Ir.call(Fn.EXP, z)))));
    }
}
