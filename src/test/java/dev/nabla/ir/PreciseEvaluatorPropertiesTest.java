package dev.nabla.ir;

import dev.nabla.ir.PreciseEvaluator.Defined;
import dev.nabla.testkit.Choices;
import dev.nabla.testkit.ExprGen;
import dev.nabla.testkit.Leaves;
import dev.nabla.testkit.Points;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.commons.math3.dfp.Dfp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The high-precision evaluator against the double one on random indexed expressions: the
 * precise value lies within the double value's error bound wherever double precision is finite,
 * and its own bound is far tighter.
 */
class PreciseEvaluatorPropertiesTest {
    private static final Leaves LEAVES = new Leaves();
    private static final List<Index> ENV = List.of(new Index("i", LEAVES.d), new Index("j", LEAVES.q));

    @StatisticsReport(onFailureOnly = true)

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void preciseValuesLieWithinTheDoubleErrorBound(@ForAll long seed) {
        Expr e = new ExprGen(LEAVES, new Choices(seed)).expr(3, ENV);
        Random r = new Random(seed);
        Instance at = Points.random(r, LEAVES.dims(), LEAVES.all(), 3, 2);
        List<Index> over = new ArrayList<>(e.freeIndices());
        Evaluator.Value doubles = new Evaluator(LEAVES.graph(), at).evaluate(e, over);
        PreciseEvaluator precise = new PreciseEvaluator(LEAVES.graph(), at);
        for (int p = 0; p < doubles.size(); p++) {
            double v = doubles.values()[p];
            double err = doubles.errors()[p];
            PreciseEvaluator.Result result = precise.at(e, doubles.assignment(p));
            if (!(result instanceof Defined)) {
                Statistics.collect(result.getClass().getSimpleName());
                continue;
            }
            Defined d = (Defined) result;
            Dfp scale = d.value().abs().add(1);
            assertTrue(!d.error().greaterThan(scale.multiply(scale.getField().newDfp("1e-30"))),
                    () -> "a loose precise bound " + d.error() + " for " + d.value() + " of " + e);
            if (!Double.isFinite(v) || !Double.isFinite(err)) {
                Statistics.collect("defined where double is not");
                continue;
            }
            Statistics.collect("compared");
            double distance = Math.abs(d.value().subtract(d.value().getField().newDfp(v)).toDouble());
            // the double bound is a first-order estimate; the factor is the checker's own slack
            if (distance > 8 * err + 1e-300) {
                fail("at " + doubles.assignment(p) + ", sizes " + at.sizes() + ": " + e + " is " + d.value()
                        + " in high precision but " + v + " ± " + err + " in double");
            }
        }
    }
}
