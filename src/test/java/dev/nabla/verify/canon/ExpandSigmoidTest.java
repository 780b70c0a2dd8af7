package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpandSigmoidTest {
    private final ExpandSigmoid rule = new ExpandSigmoid();

    @Test
    void sigmoidIsOneOverOnePlusExpOfMinusItsArgument() {
        assertEquals(Optional.of(Ir.pow(Ir.add(Ir.ONE, call(Fn.EXP, Ir.neg(u()))), -1)), rule.apply(call(Fn.SIGMOID, u())));
    }

    @Test
    void otherCallsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.TANH, u())));
        assertEquals(Optional.empty(), rule.apply(u()));
    }
}
