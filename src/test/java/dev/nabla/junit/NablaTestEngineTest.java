package dev.nabla.junit;

import dev.nabla.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

/** The {@code nabla} engine, run through the JUnit Platform's own test kit. */
class NablaTestEngineTest {
    private static final String MIXED = "src/test/resources/junit/mixed";
    private static final String A = MIXED + "/a.nabla";

    @Derivations(MIXED)
    static class Mixed {
    }

    @Derivations({"src/test/resources/junit/no-such-folder", "src/test/resources/junit/empty"})
    static class WrongPaths {
    }

    @Derivations(MIXED + "/sub/b.nabla")
    static class OneFile {
    }

    private static EngineTestKit.Builder nabla() {
        return EngineTestKit.engine(NablaTestEngine.ID);
    }

    /** Display name of each finished test and how it ended, with the failure's message. */
    private static Map<String, String> outcomes(EngineExecutionResults results) {
        return results.testEvents().finished().stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName(), NablaTestEngineTest::outcome, (a, b) -> a + b,
                java.util.TreeMap::new));
    }

    private static String outcome(Event e) {
        TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
        return r.getStatus() + r.getThrowable().map(t -> ": " + t.getMessage()).orElse("");
    }

    @Test
    void aMarkerClassGivesOneContainerPerFileAndOneTestPerCheck() {
        EngineExecutionResults results = nabla().selectors(selectClass(Mixed.class)).execute();
        results.testEvents().assertStatistics(s -> s.started(8).succeeded(3).failed(5).aborted(0).skipped(0));
        List<TestDescriptor> containers = results.containerEvents().started().stream()
                .map(Event::getTestDescriptor).toList();
        assertEquals(List.of("nabla", "Mixed", MIXED + "/a.nabla", MIXED + "/broken.nabla", MIXED + "/sub/b.nabla"),
                containers.stream().map(TestDescriptor::getDisplayName).toList());
        assertEquals(ClassSource.from(Mixed.class), containers.get(1).getSource().orElseThrow());
        assertEquals(FileSource.from(new File(A)), containers.get(2).getSource().orElseThrow());
        assertEquals(UniqueId.forEngine("nabla").append("class", Mixed.class.getName()).append("file", A),
                containers.get(2).getUniqueId());

        Map<String, String> outcomes = outcomes(results);
        assertEquals(List.of("line 11: example \"by hand\"", "line 16: claim \"unknown\"", "line 3: claim \"too large "
                        + "to decide\"", "line 4: claim \"at most 5\"", "line 4: claim \"square\"", "line 4: does not load",
                "line 5: claim \"lost sign\"", "line 6: derive \"chain\""), List.copyOf(outcomes.keySet()));
        assertEquals("SUCCESSFUL", outcomes.get("line 4: claim \"square\""));
        assertEquals("SUCCESSFUL", outcomes.get("line 11: example \"by hand\""));
    }

    /** Refuted and error fail with the verdict line and the evidence as the message, and no stack trace. */
    @Test
    void aRefutedClaimFailsWithItsCounterexampleAndNoStackTrace() {
        EngineExecutionResults results = nabla().selectors(selectClass(Mixed.class)).execute();
        Event lostSign = results.testEvents().failed().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("line 5: claim \"lost sign\""))
                .findFirst().orElseThrow();
        Throwable failure = lostSign.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertInstanceOf(org.opentest4j.AssertionFailedError.class, failure);
        assertEquals(A + ":5: refuted claim \"lost sign\": counterexample\n    dim d = 1\n    x = [1]\n"
                + "    at i = 1: lhs = 2, rhs = -2\n    differs by a factor -1", failure.getMessage());
        assertEquals(0, failure.getStackTrace().length);
        assertEquals(FileSource.from(new File(A), FilePosition.from(5, 1)),
                lostSign.getTestDescriptor().getSource().orElseThrow());

        Map<String, String> outcomes = outcomes(results);
        assertEquals("FAILED: " + A + ":6: refuted derive \"chain\": 2 steps: proved, refuted\n"
                + "    first failing step: step 2 at line 9\n    dim d = 1\n    x = [0]\n    at i = 1: lhs = 0, rhs = 1",
                outcomes.get("line 6: derive \"chain\""));
        assertEquals("FAILED: " + A + ":16: error   claim \"unknown\": cannot be checked\n"
                + "    " + A + ":16:18: error: unknown function 'foo'", outcomes.get("line 16: claim \"unknown\""));
    }

    /** Inconclusive is never a pass; a file that does not load is one failing test, not a discovery error. */
    @Test
    void inconclusiveFailsAndAFileThatDoesNotLoadIsOneFailingTest() {
        EngineExecutionResults results = nabla().selectors(selectClass(Mixed.class)).execute();
        Map<String, String> outcomes = outcomes(results);
        assertTrue(outcomes.get("line 3: claim \"too large to decide\"").startsWith("FAILED: " + MIXED
                + "/sub/b.nabla:3: inconclusive claim \"too large to decide\": neither proved nor refuted"), outcomes::toString);
        String broken = MIXED + "/broken.nabla";
        assertEquals("FAILED: " + broken + ":4: error   file: does not load\n"
                + "    " + broken + ":4:1: error: expected an expression but found 'param'\n"
                + "    " + broken + ":4:7: error: expected a name but found '3'", outcomes.get("line 4: does not load"));
        results.allEvents().assertStatistics(s -> s.failed(5));
    }

    @Test
    void aPathThatDoesNotExistOrHoldsNoNablaFilesIsAFailingTest() {
        Map<String, String> outcomes = outcomes(nabla().selectors(selectClass(WrongPaths.class)).execute());
        String cwd = new File("").getAbsolutePath();
        assertEquals(Map.of("src/test/resources/junit/no-such-folder", "FAILED: no such file or folder: " + cwd
                        + "/src/test/resources/junit/no-such-folder",
                "src/test/resources/junit/empty", "FAILED: no .nabla files in this folder: " + cwd
                        + "/src/test/resources/junit/empty"), outcomes);
    }

    /** What an IDE sends to run one check again. */
    @Test
    void aUniqueIdSelectsOneCheck() {
        UniqueId lostSign = UniqueId.forEngine("nabla").append("class", Mixed.class.getName()).append("file", A)
                .append("check", "claim@5:1");
        EngineExecutionResults results = nabla().selectors(selectUniqueId(lostSign)).execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertEquals(lostSign, results.testEvents().started().list().get(0).getTestDescriptor().getUniqueId());

        UniqueId file = UniqueId.forEngine("nabla").append("class", Mixed.class.getName()).append("file", A);
        nabla().selectors(selectUniqueId(file)).execute().testEvents().assertStatistics(s -> s.started(5));
        UniqueId marker = UniqueId.forEngine("nabla").append("class", Mixed.class.getName());
        nabla().selectors(selectUniqueId(marker), selectClass(Mixed.class)).execute().testEvents()
                .assertStatistics(s -> s.started(8));
        nabla().selectors(selectUniqueId(UniqueId.forEngine("nabla").append("class", String.class.getName())))
                .execute().testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void fileAndDirectorySelectorsNeedNoMarkerClass() {
        EngineExecutionResults byFile = nabla().selectors(selectFile(A)).execute();
        byFile.testEvents().assertStatistics(s -> s.started(5).succeeded(2).failed(3));
        TestDescriptor container = byFile.containerEvents().started().list().get(1).getTestDescriptor();
        assertEquals(UniqueId.forEngine("nabla").append("file", A), container.getUniqueId());

        nabla().selectors(selectDirectory(MIXED + "/sub")).execute().testEvents()
                .assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        nabla().selectors(selectFile("src/test/resources/junit/empty/notes.txt")).execute().testEvents()
                .assertStatistics(s -> s.started(0));
        UniqueId rerun = UniqueId.forEngine("nabla").append("file", A).append("check", "claim@4:1");
        nabla().selectors(selectUniqueId(rerun)).execute().testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    /** What a build tool that scans sends: every marker class in a package or on a classpath root. */
    @Test
    void packageAndClasspathRootSelectorsFindTheMarkerClasses() {
        List<String> markers = nabla().selectors(selectPackage("dev.nabla.junit")).execute().containerEvents()
                .started().stream().map(e -> e.getTestDescriptor().getDisplayName())
                .filter(n -> !n.contains("/") && !n.equals("nabla")).sorted().toList();
        assertEquals(List.of("Mixed", "OneFile", "WrongPaths"), markers);
        nabla().selectors(selectClasspathRoots(Set.of(Path.of("target/test-classes"))).get(0))
                .filters(ClassNameFilter.includeClassNamePatterns(".*OneFile")).execute().testEvents()
                .assertStatistics(s -> s.started(2));
    }

    @Test
    void classesWithoutTheMarkerAreLeftToOtherEngines() {
        nabla().selectors(selectClass(NablaTestEngineTest.class), selectClass(String.class)).execute().allEvents()
                .assertStatistics(s -> s.started(1).finished(1)); // the engine's own root only
    }

    /** The configuration parameters are check's options, and give the same report as the command line. */
    @Test
    void configurationParametersSetSeedSamplesAndMaxSize() {
        Map<String, String> larger = outcomes(nabla().selectors(selectClass(OneFile.class))
                .configurationParameter("nabla.max-size", "8").configurationParameter("nabla.samples", "30")
                .configurationParameter("nabla.seed", "7").execute());
        Cli.Run cli = Cli.run("check", "--max-size", "8", "--samples", "30", "--seed", "7", MIXED + "/sub/b.nabla");
        assertEquals("FAILED: " + cli.block("at most 5").stripTrailing(), larger.get("line 4: claim \"at most 5\""));
        assertTrue(cli.block("at most 5").contains("    dim d = 6\n"), cli::toString);

        Map<String, String> bad = outcomes(nabla().selectors(selectClass(OneFile.class))
                .configurationParameter("nabla.samples", "0").execute());
        assertEquals(Map.of("line 3: claim \"too large to decide\"",
                        "FAILED: configuration parameter nabla.samples must be an integer of at least 1, not '0'",
                        "line 4: claim \"at most 5\"",
                        "FAILED: configuration parameter nabla.samples must be an integer of at least 1, not '0'"),
                bad);
        Map<String, String> notANumber = outcomes(nabla().selectors(selectClass(OneFile.class))
                .configurationParameter("nabla.seed", "seven").execute());
        assertEquals("FAILED: configuration parameter nabla.seed must be an integer, not 'seven'",
                notANumber.get("line 4: claim \"at most 5\""));
    }
}
