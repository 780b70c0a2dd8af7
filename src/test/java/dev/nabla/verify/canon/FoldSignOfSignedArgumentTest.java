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
import static dev.nabla.verify.canon.Exprs.x;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldSignOfSignedArgumentTest {
    private final FoldSignOfSignedArgument rule = new FoldSignOfSignedArgument(SIGNS);

    @Test
    void theSignOfAPositiveIsOneAndOfANegativeMinusOne() {
        assertEquals(Optional.of(Ir.ONE), rule.apply(call(Fn.SIGN, Ir.add(s(), call(Fn.EXP, x())))));
        assertEquals(Optional.of(Ir.MINUS_ONE), rule.apply(call(Fn.SIGN, Ir.mul(s(), n()))));
    }

    @Test
    void zeroIsPossibleSoANonnegativeIsLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGN, Ir.pow(u(), 2))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGN, u())));
    }
}
