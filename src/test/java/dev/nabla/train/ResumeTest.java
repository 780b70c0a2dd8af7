package dev.nabla.train;

import dev.nabla.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run resumed from the checkpoint of any epoch ends with the same weights file, byte for byte,
 * and the same history as the run that was never interrupted, whatever the options draw from the
 * generator or keep between epochs.
 */
class ResumeTest {
    private static TrainOptions options(Mode mode, int epochs, double validation, int restarts,
                                        TrainOptions.Anneal anneal, double noise, double momentum, boolean adaptive) {
        return new TrainOptions(mode, 0.3, epochs, 11, true, Init.UNIFORM, null, validation, 3, 0.2, restarts, anneal,
                noise, momentum, adaptive, TrainOptions.Optimizer.SGD, true, null);
    }

    private static Training.Request request(String formula, String csv, String target, List<String> drop,
                                            Map<String, Integer> dims, Map<String, Double> consts, TrainOptions options,
                                            Path checkpoint, Path resume) {
        return new Training.Request(Path.of(formula), null, Path.of(csv), target, drop, dims, consts, options,
                checkpoint, 1, resume, false);
    }

    /** Trains; when {@code keepAt} > 0, copies the checkpoint of epoch {@code keepAt} to {@code kept}. */
    private static String train(Training.Request request, int keepAt, Path kept) throws IOException {
        Diagnostics diags = new Diagnostics();
        Training training = Training.prepare(request, diags);
        assertNotNull(training, diags::render);
        Training.Outcome outcome = training.run(epoch -> {
            // told before the checkpoint of this epoch is written: the file holds the epoch before
            if (keepAt > 0 && epoch.epochsDone() == keepAt + 1) {
                try {
                    Files.copy(request.checkpoint(), kept, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertTrue(outcome.finite());
        return Json.PRETTY.toJson(training.weights(outcome).toJson()) + "\n" + training.history();
    }

    private static void resumesExactly(String formula, String csv, String target, List<String> drop,
                                       Map<String, Integer> dims, Map<String, Double> consts, TrainOptions options,
                                       int keepAt, Path dir) throws IOException {
        Path ck = dir.resolve("ck.json");
        Path kept = dir.resolve("kept.json");
        String whole = train(request(formula, csv, target, drop, dims, consts, options, ck, null), keepAt, kept);
        assertTrue(Files.exists(kept), "no checkpoint of epoch " + keepAt);
        String resumed = train(request(formula, csv, target, drop, dims, consts, options, dir.resolve("ck2.json"), kept),
                0, null);
        assertEquals(whole, resumed);
    }

    @Test
    void standardWithMomentumNoiseAndEarlyStopping(@TempDir Path dir) throws IOException {
        resumesExactly("derivations/ch5-softmax.nabla", "data/iris.csv", "species", List.of(), Map.of("q", 4), Map.of(),
                options(Mode.STANDARD, 8, 0.2, 1, null, 0.01, 0.5, false), 3, dir);
    }

    @Test
    void restartsAndAnnealing(@TempDir Path dir) throws IOException {
        // epoch 6 of 8 is in the second restart, with the first one's best weights kept
        resumesExactly("derivations/xor.nabla", "data/xor.csv", "y", List.of(), Map.of(), Map.of(),
                options(Mode.STANDARD, 4, 0, 2, new TrainOptions.Anneal(0.05, 0.9), 0, 0, false), 6, dir);
    }

    @Test
    void adaptiveMinibatches(@TempDir Path dir) throws IOException {
        resumesExactly("derivations/ch5-bp.nabla", "data/watermelon3.csv", "好瓜", List.of("编号"), Map.of("q", 3),
                Map.of(), options(new Mode("minibatch", 4), 6, 0, 1, null, 0, 0.3, true), 2, dir);
    }

    @Test
    void aWholeDataSetObjective(@TempDir Path dir) throws IOException {
        resumesExactly("derivations/ch5-regularized.nabla", "data/watermelon3alpha.csv", "好瓜", List.of("编号"),
                Map.of(), Map.of("lambda", 0.9), options(Mode.ACCUMULATED, 6, 0, 1, null, 0, 0, false), 1, dir);
    }
}
