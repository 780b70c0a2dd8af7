package dev.nabla.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trainer cache that cannot be used ({@code NABLA_CACHE} names a file) is the user's
 * environment, not a bug in nabla: one error line saying what to set, and exit 2. Run on the jar
 * because the cache directory comes from the process environment.
 */
class TrainerCacheJarIT {
    @Test
    void anUnusableCacheIsAnErrorForPeople(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "");
        String jar = System.getProperty("nabla.jar", "target/nabla.jar");
        assertTrue(new File(jar).isFile(), "no " + jar + ": run mvn verify, which packages it first");
        Path log = dir.resolve("log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "train", "derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y",
                "--epochs", "1", "--quiet").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NABLA_CACHE", notADirectory.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the run did not end");
        List<String> lines = Files.readAllLines(log);
        assertEquals(2, p.exitValue(), String.join("\n", lines));
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("nabla: error: cannot use the trainer cache \\Q" + notADirectory
                + "\\E \\(\\Q" + notADirectory + "\\E/[0-9a-f]{64}: Not a directory\\); set NABLA_CACHE to a "
                + "writable directory"), lines.get(0));
    }
}
