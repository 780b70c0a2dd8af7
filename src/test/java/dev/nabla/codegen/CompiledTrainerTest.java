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
