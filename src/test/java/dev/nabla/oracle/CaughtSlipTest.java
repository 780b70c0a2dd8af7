package dev.nabla.oracle;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A hand-written BP step whose e_h lacks the factor b_h(1 − b_h) fails the oracle property, and
 * jqwik shrinks the counterexample to the smallest network: one input, one hidden unit, one output.
 */
class CaughtSlipTest {
    private static final Path DATABASE = Path.of("target", "jqwik-database-caught-slip");

    /**
     * The property with the slip. It fails on purpose, so it runs only when armed by the test
     * below; a run of the whole package (in an IDE) discovers it and skips it.
     */
    @AddLifecycleHook(ForgottenSigmoidPrime.OnlyWhenArmed.class)
    static class ForgottenSigmoidPrime {
        static final List<Instance> FAILED = new ArrayList<>();
        static volatile boolean armed;

        public static class OnlyWhenArmed implements SkipExecutionHook {
            @Override
            public SkipResult shouldBeSkipped(LifecycleContext context) {
                return armed ? SkipResult.doNotSkip() : SkipResult.skip("fails on purpose; CaughtSlipTest runs it");
            }
        }

        @Provide
        Arbitrary<Instance> instances() {
            return BackpropOracleTest.ORACLE.instances();
        }

        @Property(tries = 100, seed = "20240501")
        void everyUpdateIsMinusEtaTimesTheDerivedGradient(@ForAll("instances") Instance s) {
            try {
                BackpropOracleTest.assertUpdates(s, HandWrittenBp.stepForgettingSigmoidPrime(s.value("x"),
                        s.value("y"), s.matrix("v"), s.value("gamma"), s.matrix("w"), s.value("theta"),
                        BackpropOracleTest.ETA));
            } catch (AssertionError e) {
                FAILED.add(s);
                throw e;
            }
        }
    }

    @Test
    void theSlipIsCaughtAndShrunkToOneUnitPerLayer() throws IOException {
        ForgottenSigmoidPrime.FAILED.clear();
        // a fresh database, so that jqwik generates and shrinks again rather than replay the last failure
        Files.deleteIfExists(DATABASE);
        EngineExecutionResults results;
        ForgottenSigmoidPrime.armed = true;
        try {
            results = EngineTestKit.engine("jqwik")
                    .selectors(selectClass(ForgottenSigmoidPrime.class))
                    .configurationParameter("jqwik.database", DATABASE.toString())
                    // the report as a report entry rather than on standard output, to read it here
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                    .execute();
        } finally {
            ForgottenSigmoidPrime.armed = false;
        }
        List<Event> failed = results.testEvents().failed().list();
        assertEquals(1, failed.size(), "the property fails");
        Throwable error = failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
        assertTrue(error.getMessage().startsWith("Δgamma["), error.getMessage());
        assertFalse(ForgottenSigmoidPrime.FAILED.isEmpty());
        // jqwik moves to every failing candidate it tries, so the last failing instance is the shrunk one
        Instance shrunk = ForgottenSigmoidPrime.FAILED.get(ForgottenSigmoidPrime.FAILED.size() - 1);
        assertEquals(Map.of("d", 1, "q", 1, "l", 1), shrunk.sizes(), shrunk.toString());
        for (String leaf : BackpropOracleTest.ORACLE.leaves()) {
            for (double v : shrunk.value(leaf)) {
                assertTrue(Set.of(0.0, 1.0, -1.0, 0.5, 2.0).contains(v), leaf + " shrinks to simple values:\n" + shrunk);
            }
        }
        String report = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().toString())
                .reduce("", String::concat);
        assertTrue(report.contains("Shrunk Sample") && report.contains("dim d = 1, q = 1, l = 1"), report);
    }
}
