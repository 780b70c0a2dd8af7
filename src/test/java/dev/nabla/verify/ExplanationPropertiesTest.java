package dev.nabla.verify;

import dev.nabla.cli.Cli;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import dev.nabla.testkit.Choices;
import dev.nabla.testkit.ExprGen;
import dev.nabla.testkit.Leaves;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.apache.commons.math3.fraction.BigFraction;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** An explanation is never wrong, and a correct claim never gets one. */
class ExplanationPropertiesTest {
    private static final Leaves LEAVES = new Leaves();
    private static final Index I = new Index("i", LEAVES.d);
    private static final Index J = new Index("j", LEAVES.d);
    private static final List<Index> ENV = List.of(I, J);

    /**
     * A random claim and a mistake made in it (a lost sign, a factor, a swap, a term too many,
     * or one random decision changed): whatever explanation is given, the claim it says holds in
     * the refuted one's place does, at random points evaluated independently in double precision.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void theClaimAnExplanationNamesHolds(@ForAll long seed) {
        Random r = new Random(seed);
        Choices choices = new Choices(seed);
        Expr a = new ExprGen(LEAVES, choices).expr(3, ENV);
        Expr b = mistake(a, seed, r, choices.count());
        List<Index> free = freeOf(a, b);
        Explanation.Claim claim = new Explanation.Claim(a, b, free, List.of(), a, b);
        RandomChecker checker = new RandomChecker(LEAVES.graph(), Map.of(), Map.of(), Map.of(),
                RandomChecker.Settings.defaults(seed));
        Outcome outcome = checker.check(a, b, free, List.of(), a, b);
        if (!(outcome instanceof Outcome.Refuted)) {
            Statistics.collect("not refuted");
            return;
        }
        Explanation explanation = new Explanation(new CanonicalForm(LEAVES.graph()), checker, 100);
        Optional<Explanation.Found> found = explanation.of(claim, ((Outcome.Refuted) outcome).counterexample());
        Statistics.collect(found.map(f -> kind(f.text())).orElse("none"));
        if (found.isPresent()) {
            assertHolds(found.get(), free, seed);
        }
    }

    private static Expr mistake(Expr a, long seed, Random r, int decisions) {
        switch (r.nextInt(5)) {
            case 0: return Ir.neg(a);
            case 1: return Ir.mul(Ir.constant(new BigFraction(r.nextInt(5) + 2, r.nextInt(3) + 1)), a);
            case 2: return Substitution.apply(a, Map.of(I, J, J, I));
            case 3: return Ir.add(a, new ExprGen(LEAVES, new Choices(seed + 1)).expr(2, ENV));
            default: return new ExprGen(LEAVES, new Choices(seed, r.nextInt(Math.max(1, decisions)))).expr(3, ENV);
        }
    }

    private static String kind(String text) {
        return text.startsWith("differs by a factor") ? "factor" : text.startsWith("differs by the term") ? "term"
                : text.startsWith("holds only when") ? "size" : "swap";
    }

    private static List<Index> freeOf(Expr a, Expr b) {
        Set<Index> free = new LinkedHashSet<>(a.freeIndices());
        free.addAll(b.freeIndices());
        return new ArrayList<>(free);
    }

    private static void assertHolds(Explanation.Found found, List<Index> free, long seed) {
        Random r = new Random(seed * 31 + 7);
        for (int point = 0; point < 6; point++) {
            Instance at = point(r, found.atOne());
            Evaluator ev = new Evaluator(LEAVES.graph(), at);
            Evaluator.Value l = ev.evaluate(found.lhs(), free);
            Evaluator.Value rr = ev.evaluate(found.rhs(), free);
            for (int p = 0; p < l.size(); p++) {
                double x = l.values()[p];
                double y = rr.values()[p];
                if (Double.isFinite(x) && Double.isFinite(y)
                        && Math.abs(x - y) > 8 * (l.errors()[p] + rr.errors()[p])
                        + 1e-9 * Math.max(Math.abs(x), Math.abs(y))) {
                    fail("\"" + found.text() + "\" but " + found.lhs() + " != " + found.rhs() + " at "
                            + l.assignment(p) + ", sizes " + at.sizes() + ": " + x + " vs " + y);
                }
            }
        }
    }

    /** Sizes in [1, 3], the explanation's dim (if any) at 1, and values in (-2, 2). */
    private static Instance point(Random r, Dim atOne) {
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        for (Dim d : LEAVES.dims()) {
            sizes.put(d, d.equals(atOne) ? 1 : 1 + r.nextInt(3));
        }
        Instance at = new Instance(sizes, Map.of());
        for (Tensor t : LEAVES.all()) {
            double[] v = new double[at.elements(t.shape())];
            for (int k = 0; k < v.length; k++) {
                v[k] = (2 * r.nextDouble() - 1) * 2;
            }
            at = at.withValues(t, v);
        }
        return at;
    }

    /**
     * A random claim made true by writing its right side differently, {@code a == a*(c + 1) - a*c}:
     * it is never refuted, so no explanation appears in the report.
     */
    @StatisticsReport(onFailureOnly = true)
    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void aCorrectClaimNeverGetsOne(@ForAll long seed) throws Exception {
        Expr a = new ExprGen(LEAVES, new Choices(seed)).withEveryIndexInASlot().expr(3, List.of(I));
        Expr c = Ir.access(LEAVES.c);
        Expr b = Ir.sub(Ir.mul(a, Ir.add(c, Ir.ONE)), Ir.mul(a, c));
        Path file = Files.createTempFile("correct", ".nabla");
        try {
            Cli.write(file, LEAVES.declarations() + "claim \"correct\": " + a + " == " + b + "\n");
            Cli.Run run = Cli.run("check", "--json", file.toString());
            if (run.code() == 2) {
                Statistics.collect("cannot be checked");
                return;
            }
            var check = run.labelled("correct");
            Statistics.collect(check.get("verdict").getAsString());
            assertNotEquals("refuted", check.get("verdict").getAsString(), run::toString);
            assertFalse(check.has("explanation"), run::toString);
        } finally {
            Files.delete(file);
        }
    }
}
