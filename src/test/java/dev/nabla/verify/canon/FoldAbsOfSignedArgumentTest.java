package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.SIGNS;
import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.n;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldAbsOfSignedArgumentTest {
    private final FoldAbsOfSignedArgument rule = new FoldAbsOfSignedArgument(SIGNS);

    @Test
    void theAbsOfANonnegativeIsItAndOfANonpositiveItsNegation() {
        assertEquals(Optional.of(Ir.mul(s(), call(Fn.EXP, u()))), rule.apply(call(Fn.ABS, Ir.mul(s(), call(Fn.EXP, u())))));
        assertEquals(Optional.of(Ir.neg(n())), rule.apply(call(Fn.ABS, n())));
        assertEquals(Optional.of(Ir.neg(Ir.mul(s(), n()))), rule.apply(call(Fn.ABS, Ir.neg(Ir.mul(s(), n())))));
        assertEquals(Optional.of(Ir.neg(Ir.mul(s(), n()))), rule.apply(call(Fn.ABS, Ir.mul(s(), n()))));
    }

    @Test
    void anUnknownSignIsLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.ABS, u())));
        assertEquals(Optional.empty(), rule.apply(call(Fn.ABS, Ir.add(s(), n()))));
    }
}
