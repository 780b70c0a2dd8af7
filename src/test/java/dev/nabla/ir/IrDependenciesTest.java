package dev.nabla.ir;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IR is below semantic analysis: no source file of {@code dev.nabla.ir} mentions {@code dev.nabla.sema}. */
class IrDependenciesTest {
    @Test
    void noIrSourceMentionsSema() throws IOException {
        Path ir = Path.of("src/main/java/dev/nabla/ir");
        List<Path> sources;
        try (Stream<Path> files = Files.list(ir)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertTrue(sources.size() > 10, "the IR sources are where this test expects them: " + ir.toAbsolutePath());
        List<String> offenders = sources.stream()
                .filter(p -> read(p).contains("dev.nabla.sema"))
                .map(p -> p.getFileName().toString())
                .sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(), offenders);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
