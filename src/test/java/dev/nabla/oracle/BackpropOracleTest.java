package dev.nabla.oracle;

import dev.nabla.oracle.HandWrittenBp.Updates;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written BP step of §5.3 against the gradients nabla derives from
 * derivations/ch5-bp.nabla: each update is −η times the derivative of E (5.6).
 */
class BackpropOracleTest {
    static final Oracle ORACLE = Oracle.of(Path.of("derivations/ch5-bp.nabla"));
    static final double ETA = 0.1;

    @Provide
    Arbitrary<Instance> instances() {
        return ORACLE.instances();
    }

    @Property(tries = 200)
    void everyUpdateIsMinusEtaTimesTheDerivedGradient(@ForAll("instances") Instance s) {
        Updates u = HandWrittenBp.step(s.value("x"), s.value("y"), s.matrix("v"), s.value("gamma"), s.matrix("w"),
                s.value("theta"), ETA);
        assertUpdates(s, u);
    }

    /** Each update of a BP step at an instance of the file is −η times the derived gradient (Δw = −η ∂E/∂w). */
    static void assertUpdates(Instance s, Updates u) {
        assertUpdate("w", ORACLE.gradient("E", "w", s).matrix(), u.dw());
        assertUpdate("theta", new double[][] {ORACLE.gradient("E", "theta", s).vector()}, new double[][] {u.dtheta()});
        assertUpdate("v", ORACLE.gradient("E", "v", s).matrix(), u.dv());
        assertUpdate("gamma", new double[][] {ORACLE.gradient("E", "gamma", s).vector()}, new double[][] {u.dgamma()});
    }

    private static void assertUpdate(String param, double[][] gradient, double[][] update) {
        for (int r = 0; r < gradient.length; r++) {
            for (int c = 0; c < gradient[r].length; c++) {
                double expected = -ETA * gradient[r][c];
                assertTrue(Math.abs(update[r][c] - expected) <= 1e-12 * (1 + Math.abs(expected)),
                        "Δ" + param + "[" + r + "][" + c + "] = " + update[r][c] + ", but −η ∂E/∂" + param + " = "
                                + expected);
            }
        }
    }
}
