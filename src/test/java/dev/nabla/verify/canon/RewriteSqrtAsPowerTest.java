package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RewriteSqrtAsPowerTest {
    private final RewriteSqrtAsPower rule = new RewriteSqrtAsPower();

    @Test
    void sqrtIsTheHalfPower() {
        assertEquals(Optional.of(Ir.pow(u(), Ir.constant(new BigFraction(1, 2)))), rule.apply(call(Fn.SQRT, u())));
    }

    @Test
    void otherCallsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.ABS, u())));
    }
}
