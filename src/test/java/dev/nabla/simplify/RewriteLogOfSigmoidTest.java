package dev.nabla.simplify;

import dev.nabla.ir.Definition;
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

/** {@code log(sigmoid(u)) -> -softplus(-u)}, {@code log(1 - sigmoid(u)) -> -softplus(u)}. */
class RewriteLogOfSigmoidTest {
    private final Dim l = new Dim("l");
    private final Index j = new Index("j", l);
    private final Index k = new Index("k", l);
    private final Tensor z = new Tensor("z", List.of(l), Tensor.Kind.PARAM);
    private final Tensor yhat = new Tensor("yhat", List.of(l), Tensor.Kind.DEFINED);
    private final RewriteLogOfSigmoid rule = new RewriteLogOfSigmoid(
            t -> t == yhat ? new Definition(yhat, List.of(j), Ir.call(Fn.SIGMOID, Ir.access(z, j))) : null);

    private Expr softplus(Expr u) {
        return Ir.call(Fn.SOFTPLUS, u);
    }

    @Test
    void theLogOfASigmoidIsMinusASoftplus() {
        Expr u = Ir.access(z, j);
        assertEquals(Optional.of(Ir.neg(softplus(Ir.neg(u)))), rule.apply(Ir.call(Fn.LOG, Ir.call(Fn.SIGMOID, u))));
        assertEquals(Optional.of(Ir.neg(softplus(u))),
                rule.apply(Ir.call(Fn.LOG, Ir.sub(Ir.ONE, Ir.call(Fn.SIGMOID, u)))));
    }

    @Test
    void aNamedSigmoidIsSeenThroughAtTheSubscriptsOfTheAccess() {
        Expr at = Ir.access(yhat, k);
        assertEquals(Optional.of(Ir.neg(softplus(Ir.neg(Ir.access(z, k))))), rule.apply(Ir.call(Fn.LOG, at)));
        assertEquals(Optional.of(Ir.neg(softplus(Ir.access(z, k)))), rule.apply(Ir.call(Fn.LOG, Ir.sub(Ir.ONE, at))));
    }

    @Test
    void otherLogsAreLeftAlone() {
        Expr u = Ir.access(z, j);
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, u)));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.sub(Ir.constant(2), Ir.call(Fn.SIGMOID, u)))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.add(Ir.ONE, Ir.call(Fn.SIGMOID, u)))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.EXP, Ir.call(Fn.SIGMOID, u))));
    }
}
