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

class SplitLogOfPositiveFactorsTest {
    private final SplitLogOfPositiveFactors rule = new SplitLogOfPositiveFactors(SIGNS);

    @Test
    void positiveFactorsComeApartAndTheRestStays() {
        // log(s^2 * exp(u) * u) -> 2 log(s) + log(exp(u)) + log(u)
        assertEquals(Optional.of(Ir.add(Ir.mul(Ir.constant(2), call(Fn.LOG, s())), call(Fn.LOG, call(Fn.EXP, u())),
                call(Fn.LOG, u()))), rule.apply(call(Fn.LOG, Ir.mul(Ir.pow(s(), 2), call(Fn.EXP, u()), u()))));
    }

    @Test
    void aPowerOfAPositiveIsAMultiple() {
        assertEquals(Optional.of(Ir.neg(call(Fn.LOG, s()))), rule.apply(call(Fn.LOG, Ir.pow(s(), -1))));
    }

    @Test
    void factorsOfUnknownOrNegativeSignStayTogether() {
        // log(n * u) is defined where u < 0; log(n) + log(u) nowhere
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, Ir.mul(n(), u()))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, s())));
    }
}
