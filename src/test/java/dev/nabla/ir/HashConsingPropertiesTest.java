package dev.nabla.ir;

import dev.nabla.testkit.Choices;
import dev.nabla.testkit.ExprGen;
import dev.nabla.testkit.Leaves;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertSame;

/** Hash-consing over random expressions: equal builds are one node, and argument order never matters. */
class HashConsingPropertiesTest {
    private static final Leaves LEAVES = new Leaves();
    private static final List<Index> ENV = List.of(new Index("i", LEAVES.d), new Index("j", LEAVES.q));

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void twoIndependentBuildsFromOneDescriptionAreTheSameNode(@ForAll long seed) {
        Expr first = new ExprGen(LEAVES, new Choices(seed)).expr(4, ENV);
        Expr second = new ExprGen(LEAVES, new Choices(seed)).expr(4, ENV);
        assertSame(first, second);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void sumsAndProductsDependNeitherOnArgumentOrderNorOnGrouping(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int n) {
        ExprGen gen = new ExprGen(LEAVES, new Choices(seed));
        List<Expr> parts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            parts.add(gen.expr(2, ENV));
        }
        List<Expr> shuffled = new ArrayList<>(parts);
        Collections.shuffle(shuffled, new Random(seed));
        assertSame(Ir.add(parts), Ir.add(shuffled), () -> "add of " + parts);
        assertSame(Ir.mul(parts), Ir.mul(shuffled), () -> "mul of " + parts);
        // grouped: (p0 + p1) + (rest), (p0 * p1) * (rest)
        assertSame(Ir.add(parts), Ir.add(Ir.add(parts.subList(0, 2)), Ir.add(parts.subList(2, n))));
        assertSame(Ir.mul(parts), Ir.mul(Ir.mul(parts.subList(0, 2)), Ir.mul(parts.subList(2, n))),
                () -> "grouped mul of " + parts);
    }
}
