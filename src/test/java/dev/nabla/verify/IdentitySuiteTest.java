package dev.nabla.verify;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Identities of the kinds the book uses (sigmoid, tanh and softplus through exp, softmax and
 * cross-entropy, log-sum-exp, closed forms with a division, AdaBoost's α), written apart from
 * the bundled derivations, each labelled with the verdict it must get: {@code "proved: ..."},
 * {@code "tested: ..."} (true, but beyond the canonical form) or {@code "refuted: ..."} (false
 * variants, which the random checker must keep refuting).
 */
class IdentitySuiteTest {
    private static final Path SUITE = Path.of("src/test/resources/identities");

    @TestFactory
    Stream<DynamicTest> everyIdentityGetsItsVerdict() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SUITE)) {
            files = list.filter(f -> f.toString().endsWith(".nabla")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            Diagnostics diags = new Diagnostics();
            Program program = Frontend.load(new SourceFile(f.toString(), Files.readString(f)), diags);
            assertNotNull(program, diags::render);
            for (Check c : new Verifier(program, RandomChecker.Settings.defaults(1)).run()) {
                String expected = c.label().substring(0, c.label().indexOf(':'));
                tests.add(DynamicTest.dynamicTest(f.getFileName() + ": " + c.label(),
                        () -> assertEquals(expected, c.verdict().word(), c::toString)));
            }
        }
        return tests.stream();
    }
}
