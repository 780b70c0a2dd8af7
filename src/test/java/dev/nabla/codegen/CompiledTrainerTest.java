package dev.nabla.codegen;

import dev.nabla.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-process trainers: compiled once per source, cached on disk, and a Network that keeps its contract. */
class CompiledTrainerTest {
    @TempDir
    Path cache;

    private static final String LINEAR = "dim d\ninput x[d]\ntarget y\nparam w[d], c\nE = 1/2 * (sum(i, w[i] * x[i]) + c - y)^2\n"
            + "train minimize E over w, c\n";

    @Test
    void aClassIsCompiledOnceAndCachedUnderTheHashOfItsSource() throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program("linear.nabla", LINEAR), TrainingProgram.Options.NONE);
        Class<? extends Network> first = CompiledTrainer.compile(program, cache);
        assertSame(first, CompiledTrainer.compile(program, cache));
        String source = JavaTrainer.emit(program, new JavaTrainer.Options(CompiledTrainer.PACKAGE, "Trainer"));
        Path entry = cache.resolve(CompiledTrainer.sha256(source));
        assertTrue(Files.isRegularFile(entry.resolve("dev.nabla.generated.Trainer.class")));
        assertEquals(source, Files.readString(entry.resolve("dev.nabla.generated.Trainer.java")));
        try (Stream<Path> files = Files.list(entry)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void generatedCodeThatDoesNotCompileIsAnInternalErrorThatKeepsTheSource() {
        CompiledTrainer.CompileFailure failure = assertThrows(CompiledTrainer.CompileFailure.class,
                () -> CompiledTrainer.compile("package p; public final class T { int x = ; }", "p.T", cache));
        assertTrue(Files.isRegularFile(failure.source()), failure.getMessage());
        assertTrue(failure.getMessage().startsWith("the generated trainer did not compile; its source is kept at "
                + failure.source() + "\n" + failure.source() + ":1: ERROR: "), failure.getMessage());
    }

    @Test
    void sizesAreCheckedByName() throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program("linear.nabla", LINEAR), TrainingProgram.Options.NONE);
        Class<? extends Network> type = CompiledTrainer.compile(program, cache);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CompiledTrainer.instantiate(type, Map.of()));
        assertEquals("no size given for dim d", missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> CompiledTrainer.instantiate(type, Map.of("d", 2, "m", 3)));
        assertEquals("no dim 'm'; the dims are [d]", unknown.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> CompiledTrainer.instantiate(type, Map.of("d", 0)));
        assertEquals("the size of dim d must be at least 1, not 0", zero.getMessage());
    }

    @Test
    void aGradientArrayHeldAcrossBackwardPassesStaysLive() throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program("linear.nabla", LINEAR), TrainingProgram.Options.NONE);
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, cache), Map.of("d", 2));
        double[] x = net.values("x");
        double[] g = net.gradient("w");
        x[0] = 1;
        net.values("y")[0] = 2;
        net.backward();
        // E = (w.x + c - y)^2 / 2 at w = 0, c = 0: dE/dw = (0 - 2) x
        assertArrayEquals(new double[] {-2, 0}, g, 0);
        x[0] = 0;
        x[1] = 3;
        net.backward();
        assertArrayEquals(new double[] {0, -6}, g, 0);
        assertArrayEquals(new double[] {-2}, net.gradient("c"), 0);
    }

    @Test
    void outputsGiveTheNodesForPredictionsAlsoThoseTheObjectiveDoesNotRead() throws IOException {
        String softmax = "dim l\ntarget t[l]\nparam z[l]\np[j] = exp(z[j]) / sum(k, exp(z[k]))\n"
                + "E = -sum(j, t[j] * log(p[j]))\ntrain minimize E over z\n";
        TrainingProgram program = Trainers.training(Trainers.program("softmax.nabla", softmax), TrainingProgram.Options.NONE);
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, cache), Map.of("l", 3));
        assertEquals(java.util.List.of("p", "E"), net.outputs());
        System.arraycopy(new double[] {1000, 0, -1000}, 0, net.values("z"), 0, 3);
        net.values("t")[1] = 1;
        assertArrayEquals(new double[] {1, 0, 0}, net.output("p"), 0);
        assertArrayEquals(new double[] {1000}, net.output("E"), 1e-12);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> net.output("q"));
        assertEquals("no output 'q' in this network", unknown.getMessage());
    }

    @Test
    void aBatchedNetworkGivesEverySamplesOutputs() throws IOException {
        TrainingProgram perSample = Trainers.training(Trainers.program(Path.of("derivations/ch5-bp.nabla")),
                TrainingProgram.Options.NONE);
        TrainingProgram batched = Trainers.training(Trainers.program(Path.of("derivations/ch5-bp.nabla")),
                new TrainingProgram.Options(true, null));
        Network one = CompiledTrainer.instantiate(CompiledTrainer.compile(perSample, cache), Map.of("d", 2, "q", 3, "l", 2));
        Network three = CompiledTrainer.instantiate(CompiledTrainer.compile(batched, cache),
                Map.of("d", 2, "q", 3, "l", 2, batched.batchDimName(), 3));
        java.util.Random rnd = new java.util.Random(5);
        for (String p : one.parameters()) {
            double[] v = one.values(p);
            for (int k = 0; k < v.length; k++) {
                v[k] = rnd.nextDouble() - 0.5;
            }
            System.arraycopy(v, 0, three.values(p), 0, v.length);
        }
        double[] x = {0.1, 0.9, 0.5, 0.5, 1, 0};
        System.arraycopy(x, 0, three.values("x"), 0, 6);
        double[] yhat = three.output("yhat");
        assertEquals(6, yhat.length);
        for (int n = 0; n < 3; n++) {
            System.arraycopy(x, 2 * n, one.values("x"), 0, 2);
            double[] expected = one.output("yhat");
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(yhat, 2 * n, 2 * n + 2), 1e-15);
        }
    }

    @Test
    void stepTakesTheGradientOfTheLastBackwardEvenWhenTheDataChangedSince() throws IOException {
        TrainingProgram program = Trainers.training(Trainers.program("linear.nabla", LINEAR), TrainingProgram.Options.NONE);
        Network net = CompiledTrainer.instantiate(CompiledTrainer.compile(program, cache), Map.of("d", 2));
        net.values("x")[0] = 1;
        net.values("y")[0] = 2;
        net.backward();
        // the next sample is written before the step: the step is still the first sample's
        net.values("x")[0] = 5;
        net.step(0.5);
        assertArrayEquals(new double[] {1, 0}, net.values("w"), 0);
        assertArrayEquals(new double[] {1}, net.values("c"), 0);
        assertArrayEquals(new double[] {-2, 0}, net.gradient("w"), 0);
        // loss() after a step evaluates the new parameters: (1*5 + 1 - 2)^2 / 2
        assertEquals(8, net.loss());
    }
}
