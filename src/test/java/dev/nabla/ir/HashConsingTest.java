package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Structurally equal nodes are one object, and the smart constructors' cheap rewrites. */
class HashConsingTest {
    private final Dim d = new Dim("d");
    private final Index i = new Index("i", d);
    private final Index k = new Index("k", d);
    private final Tensor xt = new Tensor("x", List.of(d), Tensor.Kind.PARAM);
    private final Tensor a = new Tensor("a", List.of(), Tensor.Kind.PARAM);
    private final Tensor b = new Tensor("b", List.of(), Tensor.Kind.PARAM);
    private final Tensor c = new Tensor("c", List.of(), Tensor.Kind.PARAM);
    private final Expr x = Ir.access(a);
    private final Expr y = Ir.access(b);
    private final Expr z = Ir.access(c);

    @Test
    void buildingTheSameStructureTwiceGivesOneNode() {
        assertSame(Ir.call(Fn.SIGMOID, Ir.sub(Ir.access(xt, i), x)), Ir.call(Fn.SIGMOID, Ir.sub(Ir.access(xt, i), x)));
        assertSame(Ir.sum(i, Ir.pow(Ir.access(xt, i), 2)), Ir.sum(i, Ir.pow(Ir.access(xt, i), 2)));
        assertSame(Ir.constant(new BigFraction(6, 4)), Ir.constant(new BigFraction(3, 2)));
    }

    @Test
    void tensorsAreDistinguishedByIdentityNotName() {
        Tensor other = new Tensor("a", List.of(), Tensor.Kind.PARAM);
        assertNotSame(Ir.access(a), Ir.access(other));
    }

    @Test
    void commutativeArgumentsAreOrderedStructurally() {
        assertSame(Ir.add(x, y), Ir.add(y, x));
        Expr xyz = Ir.mul(x, y, z);
        for (List<Expr> order : List.of(List.of(x, z, y), List.of(y, x, z), List.of(y, z, x), List.of(z, x, y),
                List.of(z, y, x))) {
            assertSame(xyz, Ir.mul(order));
        }
        assertSame(Ir.mul(Ir.mul(x, y), z), Ir.mul(x, Ir.mul(y, z)));
        assertSame(Ir.add(Ir.add(x, y), z), Ir.add(z, Ir.add(y, x)));
    }

    @Test
    void unitsAndDoubleNegationDisappear() {
        // x * 1 -> x, x + 0 -> x, --x -> x, x^1 -> x, x^0 -> 1
        assertSame(x, Ir.mul(x, Ir.ONE));
        assertSame(x, Ir.add(x, Ir.ZERO));
        assertSame(x, Ir.neg(Ir.neg(x)));
        assertSame(x, Ir.pow(x, 1));
        assertSame(Ir.ONE, Ir.pow(x, 0));
        assertSame(Ir.ZERO, Ir.mul(x, Ir.ZERO));
    }

    @Test
    void likeTermsAndLikeFactorsAreCollected() {
        // 2*x + 3*x -> 5*x, x*x -> x^2, x * x^2 -> x^3, x - x -> 0, x / x -> 1
        assertSame(Ir.mul(Ir.constant(5), x), Ir.add(Ir.mul(Ir.constant(2), x), Ir.mul(Ir.constant(3), x)));
        assertSame(Ir.pow(x, 2), Ir.mul(x, x));
        assertSame(Ir.pow(x, 3), Ir.mul(x, Ir.pow(x, 2)));
        assertSame(Ir.ZERO, Ir.sub(x, x));
        assertSame(Ir.ONE, Ir.div(x, x));
        assertSame(Ir.constant(7), Ir.add(Ir.constant(3), Ir.constant(4)));
        assertSame(Ir.constant(new BigFraction(1, 3)), Ir.div(Ir.ONE, Ir.constant(3)));
    }

    @Test
    void aNumberTimesASumIsSpreadOnlyAsATermOfALargerSum() {
        // -(x - y) stays a product; z - (x - y) -> z - x + y; x - (x - y) -> y
        Expr negated = Ir.neg(Ir.sub(x, y));
        assertEquals("-(a - b)", negated.toString());
        assertSame(Ir.add(z, Ir.neg(x), y), Ir.add(z, negated));
        assertSame(y, Ir.add(x, negated));
        // so products are the same however grouped: x * (2 * (y + z)) = (2 * x) * (y + z)
        Expr two = Ir.constant(2);
        assertSame(Ir.mul(x, Ir.mul(two, Ir.add(y, z))), Ir.mul(Ir.mul(two, x), Ir.add(y, z)));
    }

    @Test
    void factorsFreeOfTheSummedIndexArePulledOut() {
        // sum(i, 2 * c * x[i]) -> 2 * c * sum(i, x[i]); sum(i, c) -> d * c
        Expr xi = Ir.access(xt, i);
        assertSame(Ir.mul(Ir.constant(2), z, Ir.sum(i, xi)), Ir.sum(i, Ir.mul(Ir.constant(2), z, xi)));
        assertSame(Ir.mul(Ir.dimSize(d), z), Ir.sum(i, z));
        assertSame(Ir.mul(Ir.dimSize(d), Ir.dimSize(d), z), Ir.sum(List.of(i, k), z));
    }

    @Test
    void deltasFoldWhereTheirValueIsKnown() {
        assertSame(Ir.ONE, Ir.delta(i, i));
        assertSame(Ir.ZERO, Ir.delta(new Position(1), new Position(2)));
        assertSame(Ir.ONE, Ir.delta(new Position(2), new Position(2)));
        assertSame(Ir.delta(i, k), Ir.delta(k, i));
        assertSame(Ir.delta(i, k), Ir.pow(Ir.delta(i, k), 3));
    }

    @Test
    void callsOfExactConstantsFoldOnlyToExactValues() {
        assertSame(Ir.ONE, Ir.call(Fn.EXP, Ir.ZERO));
        assertSame(Ir.constant(new BigFraction(1, 2)), Ir.call(Fn.SIGMOID, Ir.ZERO));
        assertSame(Ir.constant(3), Ir.call(Fn.ABS, Ir.constant(-3)));
        assertSame(Ir.ZERO, Ir.call(Fn.RELU, Ir.constant(-3)));
        assertSame(Expr.Call.class, Ir.call(Fn.EXP, Ir.ONE).getClass());
    }
}
