package dev.nabla.ir;

import dev.nabla.runtime.NablaMath;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facts of each built-in in {@link Fn} agree with its value, each against an independent computation. */
class FnTableTest {
    private static final double[] POINTS = {-2.3, -0.7, -0.01, 0.02, 0.4, 1.9};
    private static final Tensor X = new Tensor("x", List.of(), Tensor.Kind.PARAM);

    private static double at(Expr e, double x) {
        Graph g = new Graph();
        g.addLeaf(X);
        return new Evaluator(g, new Instance(Map.of(), Map.of(X, new double[] {x}))).evaluate(e, List.of()).values()[0];
    }

    @Test
    void numericDerivativesMatchCentralDifferences() {
        double h = 1e-6;
        for (Fn f : Fn.values()) {
            for (double x : POINTS) {
                double difference = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
                if (Double.isFinite(difference)) {
                    assertEquals(difference, f.derivativeAt(x), 1e-6 * Math.max(1, Math.abs(difference)), f + " at " + x);
                }
            }
        }
    }

    @Test
    void symbolicDerivativesEvaluateToTheNumericOnes() {
        Expr u = Ir.access(X);
        for (Fn f : Fn.values()) {
            Expr derivative = f.derivative(u, Ir.call(f, u));
            for (double x : POINTS) {
                if (Double.isFinite(f.apply(x))) {
                    assertEquals(f.derivativeAt(x), at(derivative, x), 1e-12, f + "' at " + x);
                }
            }
        }
    }

    @Test
    void foldingAConstantGivesItsValueOrUndefinedOrNothing() {
        List<BigFraction> constants = List.of(new BigFraction(-2), BigFraction.MINUS_ONE, BigFraction.ZERO,
                new BigFraction(1, 2), BigFraction.ONE, new BigFraction(3));
        for (Fn f : Fn.values()) {
            for (BigFraction c : constants) {
                Expr folded = Ir.call(f, Ir.constant(c));
                double value = f.apply(c.doubleValue());
                if (!Double.isFinite(value)) {
                    assertSame(Ir.UNDEFINED, folded, f + "(" + c + ")");
                } else if (folded instanceof Expr.Const) {
                    assertEquals(value, ((Expr.Const) folded).doubleValue(), 0, f + "(" + c + ")");
                } else {
                    assertTrue(folded instanceof Expr.Call, f + "(" + c + ") folded to " + folded);
                }
            }
        }
        assertEquals(Ir.constant(new BigFraction(1, 2)), Ir.call(Fn.SIGMOID, Ir.ZERO));
        assertSame(Ir.ZERO, Ir.call(Fn.LOG, Ir.ONE));
    }

    @Test
    void parityIsTheSymmetryOfTheValues() {
        for (Fn f : Fn.values()) {
            boolean odd = true;
            boolean even = true;
            for (double x : POINTS) {
                odd &= f.apply(-x) == -f.apply(x);
                even &= f.apply(-x) == f.apply(x);
            }
            assertEquals(f.parity() == Fn.Parity.ODD, odd, f + " odd");
            assertEquals(f.parity() == Fn.Parity.EVEN, even, f + " even");
        }
    }

    @Test
    void everyValueLiesInTheRangeAndTheClosedEndsAreReached() {
        double[] wide = {-40, -5, -1, -1e-3, 0, 1e-3, 1, 5, 40, -1.5707963267948966, 1.5707963267948966, 3.141592653589793};
        for (Fn f : Fn.values()) {
            Fn.Range r = f.range();
            for (double x : wide) {
                double y = f.apply(x);
                if (Double.isNaN(y)) {
                    continue; // outside the domain (log, sqrt of a negative number)
                }
                assertTrue(r.lo() == null || y >= r.lo().doubleValue(), f + "(" + x + ") = " + y + " below " + r);
                assertTrue(r.hi() == null || y <= r.hi().doubleValue(), f + "(" + x + ") = " + y + " above " + r);
            }
            for (boolean low : new boolean[] {true, false}) {
                BigFraction end = low ? r.lo() : r.hi();
                boolean closed = low ? r.loClosed() : r.hiClosed();
                if (end != null && closed) {
                    boolean reached = false;
                    for (double x : wide) {
                        reached |= f.apply(x) == end.doubleValue();
                    }
                    assertTrue(reached, f + " reaches its closed end " + end);
                }
            }
        }
    }

    @Test
    void jumpsAndKinksAreWhereTheValuesSaySo() {
        for (Fn f : Fn.values()) {
            double left = f.apply(-1e-9);
            double right = f.apply(1e-9);
            boolean jumps = Double.isFinite(left) && Double.isFinite(right) && Math.abs(right - left) > 0.5;
            assertEquals(f.smoothness() == Fn.Smoothness.JUMP, jumps, f + " jumps at 0");
            boolean kinks = !jumps && f.derivativeAt(1e-3) != f.derivativeAt(-1e-3)
                    && f.derivativeAt(1e-3) - f.derivativeAt(-1e-3) == f.derivativeAt(1) - f.derivativeAt(-1);
            assertEquals(f.smoothness() == Fn.Smoothness.KINK, kinks, f + " has a kink at 0");
        }
        assertEquals(2, Fn.SIGN.jump());
        assertEquals(1, Fn.STEP.jump());
        assertEquals(0, Fn.SIGMOID.jump());
        assertEquals(1, Fn.ABS.errorSlope(0));
        assertEquals(1, Fn.RELU.errorSlope(0));
    }

    @Test
    void theEmittedJavaComputesTheSameValues() throws ReflectiveOperationException {
        for (Fn f : Fn.values()) {
            String[] parts = f.java().split("\\.");
            Class<?> owner = parts[0].equals("Math") ? Math.class : NablaMath.class;
            assertEquals(parts[0], owner.getSimpleName(), f.java());
            Method m = owner.getMethod(parts[1], double.class);
            for (double x : POINTS) {
                double expected = f.apply(x);
                double emitted = (double) m.invoke(null, x);
                if (Double.isNaN(expected)) {
                    assertTrue(Double.isNaN(emitted), f.java() + "(" + x + ")");
                } else {
                    assertEquals(expected, emitted, 1e-15 * Math.max(1, Math.abs(expected)), f.java() + "(" + x + ")");
                }
            }
        }
    }

    @Test
    void sourceNamesEveryFunctionButReluPrime() {
        for (Fn f : Fn.values()) {
            assertSame(f == Fn.RELU_PRIME ? null : f, Fn.bySpelling(f.spelling()), f.spelling());
        }
        assertEquals("relu'", Fn.RELU_PRIME.spelling());
        assertNotEquals(null, Fn.bySpelling("softplus"));
        assertFalse(Fn.SOFTPLUS.isPiecewiseLinear());
        assertTrue(Fn.RELU.isPiecewiseLinear());
    }
}
