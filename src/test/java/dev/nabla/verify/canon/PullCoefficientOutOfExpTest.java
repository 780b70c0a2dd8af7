package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PullCoefficientOutOfExpTest {
    private final PullCoefficientOutOfExp rule = new PullCoefficientOutOfExp();

    @Test
    void aCoefficientBecomesAPower() {
        assertEquals(Optional.of(Ir.pow(call(Fn.EXP, u()), -1)), rule.apply(call(Fn.EXP, Ir.neg(u()))));
        BigFraction half = new BigFraction(1, 2);
        assertEquals(Optional.of(Ir.pow(call(Fn.EXP, u()), Ir.constant(half))),
                rule.apply(call(Fn.EXP, Ir.mul(Ir.constant(half), u()))));
    }

    @Test
    void aNumberIsAPowerOfE() {
        assertEquals(Optional.of(Ir.pow(call(Fn.EXP, Ir.ONE), 3)), rule.apply(call(Fn.EXP, Ir.constant(3))));
    }

    @Test
    void coefficientOneIsLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, u())));
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, Ir.ONE)));
    }
}
