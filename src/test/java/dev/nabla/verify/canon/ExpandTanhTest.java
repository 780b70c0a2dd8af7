package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpandTanhTest {
    private final ExpandTanh rule = new ExpandTanh();

    @Test
    void tanhIsAQuotientOfExpsOfTwiceItsArgument() {
        Expr e2u = call(Fn.EXP, Ir.mul(Ir.constant(2), u()));
        assertEquals(Optional.of(Ir.div(Ir.sub(e2u, Ir.ONE), Ir.add(e2u, Ir.ONE))), rule.apply(call(Fn.TANH, u())));
    }

    @Test
    void otherCallsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGMOID, u())));
    }
}
