package dev.nabla.verify;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.PreciseEvaluator.Defined;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agreement figure where both sides are rounding noise around 0, and that it changes no verdict. */
class JudgeRoundingZeroTest {
    private final Tensor x = new Tensor("x", List.of(), Tensor.Kind.PARAM);
    private final Graph graph = new Graph();
    private final DfpField field = new DfpField(50);

    JudgeRoundingZeroTest() {
        graph.addLeaf(x);
    }

    /** sigmoid(x) + sigmoid(-x) - 1: terms of size 1 that cancel, leaving rounding noise in any precision. */
    private Expr cancelled() {
        Expr at = Ir.access(x);
        return Ir.add(Ir.call(Fn.SIGMOID, at), Ir.call(Fn.SIGMOID, Ir.neg(at)), Ir.MINUS_ONE);
    }

    private Judge.Judgement judge(Expr lhs, Expr rhs, double value) {
        Instance at = new Instance(Map.of(), Map.of(x, new double[] {value}));
        return Judge.judge(graph, at, lhs, rhs, List.of(), 0, false);
    }

    @Test
    void noiseAroundZeroOnBothSidesIsCountedNotMeasured() {
        Judge.Judgement j = judge(cancelled(), Ir.ZERO, 0.7);
        assertEquals(Judge.Kind.AGREED, j.kind());
        assertEquals(1, j.roundingZeros());
        assertEquals(0, j.largestRelativeError());
    }

    @Test
    void aGenuinelyWrongTinyDifferenceIsStillRefuted() {
        Expr tiny = Ir.mul(Ir.constant(new BigFraction(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(30))),
                Ir.access(x));
        Judge.Judgement j = judge(cancelled(), tiny, 0.7);
        assertEquals(Judge.Kind.REFUTED, j.kind());
        assertEquals(0.7e-30, j.rhs(), 1e-45);
    }

    @Test
    void aValueWithinItsRoundingErrorOfZeroIsAZero() {
        assertTrue(Judge.roundingZero(new Defined(field.newDfp("1e-51"), field.newDfp("1e-49"), field.getOne())));
        assertTrue(Judge.roundingZero(new Defined(field.getZero(), field.getZero())));
        assertFalse(Judge.roundingZero(new Defined(field.newDfp("1e-45"), field.newDfp("1e-49"), field.getOne())));
    }

    @Test
    void preciseRelativeErrorIsRelativeToTheTermsBehindTheValues() {
        Defined a = new Defined(field.newDfp("3e-51"), field.newDfp("1e-49"), field.getOne());
        Defined b = new Defined(field.newDfp("-1e-51"), field.newDfp("1e-49"), field.newDfp("2"));
        assertEquals(2e-51, Judge.preciseRelativeError(a, b), 1e-60);
        Defined c = new Defined(field.newDfp("4"), field.getZero());
        Defined d = new Defined(field.newDfp("3"), field.getZero());
        assertEquals(0.25, Judge.preciseRelativeError(c, d), 1e-15);
    }
}
