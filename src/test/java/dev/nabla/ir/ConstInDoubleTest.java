package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An exact constant's nearest double, converted once, and whether it is exact. */
class ConstInDoubleTest {
    @Test
    void aDyadicConstantIsExactAndADecimalOneIsNot() {
        Expr.Const half = Ir.constant(new BigFraction(1, 2));
        assertEquals(0.5, half.doubleValue());
        assertTrue(half.isExactDouble());
        Expr.Const tenth = Ir.constant(new BigFraction(1, 10));
        assertEquals(0.1, tenth.doubleValue());
        assertFalse(tenth.isExactDouble());
        Expr.Const third = Ir.constant(new BigFraction(1, 3));
        assertEquals(1.0 / 3, third.doubleValue());
        assertFalse(third.isExactDouble());
    }

    @Test
    void beyondTheDoubleRangeIsAnInfinityAndNotExact() {
        Expr.Const huge = Ir.constant(new BigFraction(BigInteger.TEN.pow(400)));
        assertEquals(Double.POSITIVE_INFINITY, huge.doubleValue());
        assertFalse(huge.isExactDouble());
        Expr.Const tiny = Ir.constant(new BigFraction(BigInteger.ONE, BigInteger.TEN.pow(400)));
        assertEquals(0, tiny.doubleValue());
        assertFalse(tiny.isExactDouble());
    }

    @Test
    void theEvaluatorBoundsAnInexactConstantByHalfAnUlpAndAnExactOneByNothing() {
        Graph g = new Graph();
        Evaluator.Value tenth = new Evaluator(g, Instance.empty()).evaluate(Ir.constant(new BigFraction(1, 10)), List.of());
        assertEquals(0.1, tenth.values()[0]);
        assertEquals(Evaluator.EPS * 0.1, tenth.errors()[0]);
        Evaluator.Value half = new Evaluator(g, Instance.empty()).evaluate(Ir.constant(new BigFraction(1, 2)), List.of());
        assertEquals(0, half.errors()[0]);
    }
}
