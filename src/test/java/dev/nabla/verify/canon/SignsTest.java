package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import dev.nabla.verify.canon.Signs.Sign;
import org.junit.jupiter.api.Test;

import static dev.nabla.verify.canon.Exprs.I;
import static dev.nabla.verify.canon.Exprs.SIGNS;
import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.n;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static dev.nabla.verify.canon.Exprs.x;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SignsTest {
    @Test
    void domainsAndPositiveFunctionsFixSigns() {
        assertEquals(Sign.POSITIVE, SIGNS.of(s()));
        assertEquals(Sign.NEGATIVE, SIGNS.of(n()));
        assertEquals(Sign.UNKNOWN, SIGNS.of(u()));
        assertEquals(Sign.POSITIVE, SIGNS.of(Ir.sum(I, call(Fn.EXP, x()))));
        assertEquals(Sign.NONNEGATIVE, SIGNS.of(Ir.pow(u(), 2)));
        assertEquals(Sign.POSITIVE, SIGNS.of(Ir.pow(n(), 2)));
        assertEquals(Sign.NEGATIVE, SIGNS.of(Ir.pow(n(), -1)));
        assertEquals(Sign.NEGATIVE, SIGNS.of(Ir.mul(s(), n())));
        assertEquals(Sign.UNKNOWN, SIGNS.of(Ir.add(s(), n())));
        assertEquals(Sign.POSITIVE, SIGNS.of(Ir.add(Ir.ONE, call(Fn.EXP, u()))));
        assertEquals(Sign.NONNEGATIVE, SIGNS.of(call(Fn.SQRT, u())));
        assertEquals(Sign.POSITIVE, SIGNS.of(Ir.sub(Ir.ONE, call(Fn.SIGMOID, u()))));
        assertEquals(Sign.NONNEGATIVE, SIGNS.of(Ir.pow(u(), Ir.constant(new org.apache.commons.math3.fraction.BigFraction(1, 3)))));
    }

    @Test
    void aVariableExponentMayLeaveANegativeBaseNegative() {
        // Math.pow(-2, 1) is -2: x^w is not known nonnegative
        assertEquals(Sign.UNKNOWN, SIGNS.of(Ir.pow(n(), u())));
        assertEquals(Sign.POSITIVE, SIGNS.of(Ir.pow(s(), u())));
    }

    @Test
    void aLeafWithoutADomainHasNoSign() {
        assertEquals(Sign.UNKNOWN, Signs.NONE.of(s()));
    }
}
