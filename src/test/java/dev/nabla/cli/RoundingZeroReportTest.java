package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agreement figure stays meaningful where both sides are rounding noise around 0 (issue 7, item 3). */
class RoundingZeroReportTest {
    private static final Pattern ERROR = Pattern.compile("largest relative error (\\S+?)(;|$)");

    @TempDir
    Path dir;

    @Test
    void noiseOnBothSidesIsCountedInsteadOfARelativeErrorOfOne() {
        String f = Cli.write(dir.resolve("noise.nabla"), "param x\n"
                + "claim \"noise\": sigmoid(x) + sigmoid(-x) - 1 == 0\n"
                + "claim \"tiny\": sigmoid(x) + sigmoid(-x) - 1 == 1e-30 * x\n").toString();
        Cli.Run run = Cli.run("check", f);
        assertTrue(run.block("noise").endsWith("agreed on 100 random samples, largest relative error 0.0e+00;"
                + " 100 elements are 0 on both sides up to rounding\n"), run::toString);
        assertTrue(run.block("tiny").startsWith(f + ":3: refuted claim \"tiny\": counterexample\n"), run::toString);
        assertEquals(100, Cli.run("check", "--json", f).labelled("noise").get("roundingZeros").getAsInt());
    }

    /** The softmax gradients cancel to 0 at some elements: they reported a relative error of 2 on proved claims. */
    @Test
    void theSoftmaxGradientsReportARoundingSizedError() {
        Cli.Run run = Cli.run("check", "derivations/ch5-softmax.nabla");
        assertEquals(0, run.code(), run::toString);
        for (String label : new String[] {"∂E/∂z_j", "∂E/∂w_hj", "∂E/∂v_ih, back through the sigmoid"}) {
            String block = run.block(label);
            Matcher m = ERROR.matcher(block.strip());
            assertTrue(m.find(), block);
            assertTrue(Double.parseDouble(m.group(1)) < 1e-10, block);
            assertTrue(block.matches("(?s).*; \\d+ elements are 0 on both sides up to rounding\n"), block);
        }
    }
}
