package dev.nabla.cli;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code java -jar target/nabla.jar train} killed with SIGKILL in the middle of an epoch
 * ({@link Process#destroyForcibly} on Linux), then resumed from its checkpoint, ends with a
 * weights file byte-identical to the run that was never interrupted. Runs after {@code package},
 * in {@code mvn verify}, since it needs the jar.
 */
class KillAndResumeJarIT {
    private static final int EPOCHS = 80;
    private static final List<String> RUN = List.of("train", "derivations/ch5-softmax.nabla", "--data",
            "data/digits.csv", "--target", "digit", "--dim", "q=32", "--init", "xavier", "--epochs",
            Integer.toString(EPOCHS), "--momentum", "0.5", "--validation", "0.2", "--patience",
            "1000", "--test", "0.3", "--seed", "5", "--quiet");

    private static Process start(List<String> args, Path log) throws IOException {
        String jar = System.getProperty("nabla.jar", "target/nabla.jar");
        assertTrue(new File(jar).isFile(), "no " + jar + ": run mvn verify, which packages it first");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(RUN);
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int run(List<String> args, Path log) throws Exception {
        Process p = start(args, log);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run did not end");
        return p.exitValue();
    }

    private static int epochsIn(Path checkpoint) {
        try {
            return JsonParser.parseString(Files.readString(checkpoint)).getAsJsonObject().get("epochs").getAsInt();
        } catch (IOException | RuntimeException e) {
            return -1; // not written yet
        }
    }

    @Test
    void killedMidEpochAndResumedGivesTheSameWeightsByteForByte(@TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole.json");
        assertEquals(0, run(List.of("--weights", whole.toString()), dir.resolve("whole.log")),
                () -> Cli.read(dir.resolve("whole.log")));

        Path checkpoint = dir.resolve("ck.json");
        Path resumed = dir.resolve("resumed.json");
        Process victim = start(List.of("--checkpoint", checkpoint.toString(), "--weights", resumed.toString()),
                dir.resolve("killed.log"));
        while (epochsIn(checkpoint) < 3) {
            if (!victim.isAlive()) {
                fail("the run ended before it could be killed: " + Cli.read(dir.resolve("killed.log")));
            }
            Thread.sleep(5);
        }
        Thread.sleep(20); // into the next epoch, whose checkpoint is not yet written
        victim.destroyForcibly();
        assertTrue(victim.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, victim.exitValue(), "killed by SIGKILL: 128 + 9");
        assertFalse(Files.exists(resumed), "the killed run must not have finished");
        int killedAfter = epochsIn(checkpoint);
        assertTrue(killedAfter >= 3 && killedAfter < EPOCHS, "checkpoint of epoch " + killedAfter);

        assertEquals(0, run(List.of("--checkpoint", checkpoint.toString(), "--resume", checkpoint.toString(),
                "--weights", resumed.toString()), dir.resolve("resumed.log")), () -> Cli.read(dir.resolve("resumed.log")));
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed),
                "resumed from the checkpoint of epoch " + killedAfter);
    }
}
