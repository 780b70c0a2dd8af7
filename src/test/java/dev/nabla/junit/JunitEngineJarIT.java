package dev.nabla.junit;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's Maven project ({@code src/test/resources/junit/user-project}: one test dependency on
 * {@code dev.nabla:nabla}, one marker class, a Jupiter test) runs {@code mvn test} against the
 * jar just built; its Surefire XML report shows the refuted claim as a failure with its line.
 * <p>
 * The jar is installed into a local repository of this build's own, whose every other entry
 * links to the real one: what the user's build resolves is this jar and nothing stale, no
 * concurrent build sees it, and everything else is the cache (or Maven Central).
 */
class JunitEngineJarIT {
    private static final Path PROJECT = Path.of("src/test/resources/junit/user-project");

    @Test
    void aUsersBuildFailsOnARefutedClaimAndReportsItsLine() throws Exception {
        Path work = Path.of(System.getProperty("nabla.it.dir", "target/junit-it")).toAbsolutePath();
        deleteTree(work);
        Path project = work.resolve("project");
        copyTree(PROJECT, project);
        Path repo = privateRepository(work.resolve("repository"));
        String version = System.getProperty("nabla.version", "0.1.0");
        install(repo, version);

        Path log = work.resolve("mvn.log");
        List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-Dmaven.repo.local=" + repo,
                "-Dnabla.version=" + version, "-Djunit.version=" + System.getProperty("junit.version", "5.14.1"),
                // the report is what this test reads: the build itself fails on the refuted claim
                "-Dmaven.test.failure.ignore=true", "test"));
        Process mvn = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(10, TimeUnit.MINUTES), "mvn test did not end");
        String output = Files.readString(log);
        assertEquals(0, mvn.exitValue(), () -> "mvn test failed to run the tests:\n" + output);

        Map<String, Element> cases = testcases(project.resolve("target/surefire-reports/TEST-org.example.DerivationsTest.xml"));
        assertEquals(List.of("line 2: claim \"sigmoid'\"", "line 3: claim \"lost sign\""), List.copyOf(cases.keySet()),
                output);
        assertEquals("derivations/sigmoid.nabla", cases.get("line 3: claim \"lost sign\"").getAttribute("classname"));
        assertEquals(0, cases.get("line 2: claim \"sigmoid'\"").getElementsByTagName("failure").getLength());
        Element failure = (Element) cases.get("line 3: claim \"lost sign\"").getElementsByTagName("failure").item(0);
        assertTrue(failure != null, output);
        assertTrue(failure.getAttribute("message").startsWith(
                "derivations/sigmoid.nabla:3: refuted claim \"lost sign\": counterexample\n    u = "),
                failure.getAttribute("message"));
        assertTrue(failure.getAttribute("message")
                        .matches("(?s).*\n    lhs = \\S+, rhs = \\S+\n    differs by a factor -1"),
                failure.getAttribute("message"));
        assertTrue(!failure.getTextContent().contains("\tat "), () -> "a stack trace: " + failure.getTextContent());

        Map<String, Element> jupiter = testcases(project.resolve("target/surefire-reports/TEST-org.example.ArithmeticTest.xml"));
        assertEquals(0, jupiter.get("addition").getElementsByTagName("failure").getLength(), output);
        assertTrue(output.contains("Tests run: 3, Failures: 1, Errors: 0, Skipped: 0"), output);
    }

    private static Map<String, Element> testcases(Path report) throws Exception {
        assertTrue(Files.isRegularFile(report), "no report " + report);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
        NodeList nodes = doc.getElementsByTagName("testcase");
        Map<String, Element> cases = new TreeMap<>();
        for (int k = 0; k < nodes.getLength(); k++) {
            Element e = (Element) nodes.item(k);
            cases.put(e.getAttribute("name"), e);
        }
        return cases;
    }

    private static String mvn() {
        String home = System.getProperty("maven.home");
        Path mvn = home == null ? null : Path.of(home, "bin", "mvn");
        return mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    /** A local repository linking to every entry of the real one except {@code dev/nabla}. */
    private static Path privateRepository(Path repo) throws IOException {
        Path real = Path.of(System.getProperty("it.maven.repo", System.getProperty("user.home") + "/.m2/repository"));
        Files.createDirectories(repo.resolve("dev"));
        if (Files.isDirectory(real)) {
            try (Stream<Path> entries = Files.list(real)) {
                for (Path e : entries.toList()) {
                    if (!e.getFileName().toString().equals("dev")) {
                        Files.createSymbolicLink(repo.resolve(e.getFileName().toString()), e);
                    }
                }
            }
            if (Files.isDirectory(real.resolve("dev"))) {
                try (Stream<Path> entries = Files.list(real.resolve("dev"))) {
                    for (Path e : entries.toList()) {
                        if (!e.getFileName().toString().equals("nabla")) {
                            Files.createSymbolicLink(repo.resolve("dev").resolve(e.getFileName().toString()), e);
                        }
                    }
                }
            }
        }
        return repo;
    }

    /** What {@code mvn install} puts in a local repository: the jar and the pom at their coordinates. */
    private static void install(Path repo, String version) throws IOException {
        String jar = System.getProperty("nabla.jar", "target/nabla.jar");
        assertTrue(new File(jar).isFile(), "no " + jar + ": run mvn verify, which packages it first");
        Path dir = Files.createDirectories(repo.resolve("dev/nabla/nabla").resolve(version));
        Files.copy(Path.of(jar), dir.resolve("nabla-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of(System.getProperty("nabla.pom", "pom.xml")), dir.resolve("nabla-" + version + ".pom"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Deletes a tree; a symbolic link is deleted, never what it points to. */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
