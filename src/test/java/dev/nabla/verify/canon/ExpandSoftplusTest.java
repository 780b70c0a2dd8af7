package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpandSoftplusTest {
    private final ExpandSoftplus rule = new ExpandSoftplus();

    @Test
    void softplusIsLogOfOnePlusExp() {
        assertEquals(Optional.of(call(Fn.LOG, Ir.add(Ir.ONE, call(Fn.EXP, u())))), rule.apply(call(Fn.SOFTPLUS, u())));
    }

    @Test
    void otherCallsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, u())));
    }
}
