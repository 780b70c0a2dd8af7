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

/** {@code log(exp(u) * s^-1) -> u - log(s)}, written out or through a named softmax node. */
class RewriteLogOfSoftmaxTest {
    private final Dim l = new Dim("l");
    private final Index j = new Index("j", l);
    private final Index k = new Index("k", l);
    private final Tensor z = new Tensor("z", List.of(l), Tensor.Kind.PARAM);
    private final Tensor p = new Tensor("p", List.of(l), Tensor.Kind.DEFINED);
    private final Expr s = Ir.sum(k, Ir.call(Fn.EXP, Ir.access(z, k)));
    private final Expr softmax = Ir.div(Ir.call(Fn.EXP, Ir.access(z, j)), s);
    private final RewriteLogOfSoftmax rule = new RewriteLogOfSoftmax(
            t -> t == p ? new Definition(p, List.of(j), softmax) : null);

    @Test
    void theLogOfAQuotientOfAnExpIsADifference() {
        // log(exp(z[j]) / sum(k, exp(z[k]))) -> z[j] - log(sum(k, exp(z[k])))
        assertEquals(Optional.of(Ir.sub(Ir.access(z, j), Ir.call(Fn.LOG, s))), rule.apply(Ir.call(Fn.LOG, softmax)));
    }

    @Test
    void aNamedSoftmaxIsSeenThroughAtTheSubscriptsOfTheAccess() {
        // log(p[k]) with p[j] = exp(z[j]) / s -> z[k] - log(s)
        assertEquals(Optional.of(Ir.sub(Ir.access(z, k), Ir.call(Fn.LOG, s))),
                rule.apply(Ir.call(Fn.LOG, Ir.access(p, k))));
    }

    @Test
    void otherLogsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.access(z, j))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG, Ir.mul(Ir.access(z, j), Ir.pow(s, -1)))));
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.EXP, softmax)));
        // exp(u) * s^-2 is not a softmax
        assertEquals(Optional.empty(), rule.apply(Ir.call(Fn.LOG,
                Ir.mul(Ir.call(Fn.EXP, Ir.access(z, j)), Ir.pow(s, -2)))));
    }
}
