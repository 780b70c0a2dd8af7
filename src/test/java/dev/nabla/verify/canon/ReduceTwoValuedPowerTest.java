package dev.nabla.verify.canon;

import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.u;
import static dev.nabla.verify.canon.TwoValuedLeaves.SIGNS;
import static dev.nabla.verify.canon.TwoValuedLeaves.k;
import static dev.nabla.verify.canon.TwoValuedLeaves.v;
import static dev.nabla.verify.canon.TwoValuedLeaves.y;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ReduceTwoValuedPowerTest {
    private final ReduceTwoValuedPower rule = new ReduceTwoValuedPower(SIGNS);

    @Test
    void aBitIsEachOfItsPowers() {
        assertEquals(Optional.of(y()), rule.apply(Ir.pow(y(), 3)));
        assertEquals(Optional.of(y()), rule.apply(Ir.pow(y(), 2)));
    }

    @Test
    void aSignKeepsItsPowerModuloTwo() {
        assertEquals(Optional.of(Ir.ONE), rule.apply(Ir.pow(v(), 2)));
        assertEquals(Optional.of(v()), rule.apply(Ir.pow(v(), 5)));
        assertEquals(Optional.of(v()), rule.apply(Ir.pow(v(), -1)));
        assertEquals(Optional.of(Ir.ONE), rule.apply(Ir.pow(v(), -4)));
    }

    @Test
    void aReciprocalOfABitAFractionalPowerAndOtherLeavesStay() {
        assertEquals(Optional.empty(), rule.apply(Ir.pow(y(), -1)));
        assertEquals(Optional.empty(), rule.apply(Ir.pow(v(), Ir.constant(new org.apache.commons.math3.fraction.BigFraction(1, 2)))));
        assertEquals(Optional.empty(), rule.apply(Ir.pow(k(), 2)));
        assertEquals(Optional.empty(), rule.apply(Ir.pow(u(), 2)));
    }
}
