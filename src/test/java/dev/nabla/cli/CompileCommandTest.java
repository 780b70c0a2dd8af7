package dev.nabla.cli;

import dev.nabla.runtime.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla compile}: sources that javac compiles whatever the names, and errors for people. */
class CompileCommandTest {
    @TempDir
    Path dir;

    /**
     * Names that are Java keywords or Greek, and comments, a label and a file name that try to end
     * a comment or smuggle a unicode escape (javac decodes backslash-u escapes inside comments).
     */
    private static final String HOSTILE = String.join("\n",
            "# not copied: */ \\u002a/ \\u000a",
            "dim int, new",
            "input class[int]                      # */ class Evil { \\u002a/ \\u000a int x = 1/0; }",
            "target γ[new] in {0, 1}",
            "param θ[int, new], λ[new], β",
            "this[j] = sigmoid(sum(i, θ[i, j] * class[i]) - λ[j] + β)   # \\u000d */ /* \\\\u002a/",
            "Ε = 1/2 * sum(j, (this[j] - γ[j])^2)",
            "claim \"*/ \\\\u002a/ ends\": diff(Ε, β) == sum(j, (this[j] - γ[j]) * this[j] * (1 - this[j]))",
            "train minimize Ε over θ, λ, β",
            "");

    @Test
    void theBundledNetworkCompilesWithJavacAndTrains() throws Exception {
        Cli.Run run = Cli.run("compile", "derivations/ch5-bp.nabla", "-o", dir.toString(), "--package", "demo.bp");
        assertEquals(0, run.code(), run::toString);
        Path source = dir.resolve("demo/bp/Ch5Bp.java");
        assertEquals("wrote " + source + "\n", run.out());
        Network net = compileAndLoad(source, "demo.bp.Ch5Bp", Map.of("d", 2, "q", 2, "l", 1));
        assertEquals(List.of("d", "q", "l"), net.dims());
        assertEquals(List.of("v", "gamma", "w", "theta"), net.parameters());
        assertEquals(List.of("x", "y"), net.data());
    }

    @Test
    void keywordsGreekNamesAndCommentBreakersCompile() throws Exception {
        Path weird = dir.resolve("*").resolve("we*ird \\u002a\\u000a.nabla");
        Files.createDirectories(weird.getParent());
        Files.writeString(weird, HOSTILE, StandardCharsets.UTF_8);
        Cli.Run run = Cli.run("compile", weird.toString(), "-o", dir.resolve("out").toString(), "--class", "Hostile");
        assertEquals(0, run.code(), run::toString);
        Path source = dir.resolve("out/Hostile.java");
        String text = Files.readString(source);
        assertTrue(text.chars().allMatch(c -> c < 128), "the source is ASCII");
        for (String line : text.split("\n")) {
            boolean javadoc = line.strip().startsWith("/**") || line.strip().startsWith("*");
            if (line.contains("Evil") || line.contains("*/") && !javadoc || line.contains("\\u002a")) {
                assertTrue(line.strip().startsWith("//"), () -> "user text outside a line comment: " + line);
                assertTrue(!line.contains("\\u000a") && !line.contains("\\u002a") || line.contains("\\\\u"),
                        () -> "a unicode escape javac would decode: " + line);
            }
        }
        assertTrue(text.contains("// " + weird.toString().replace("\\", "\\\\")), text);
        Network net = compileAndLoad(source, "Hostile", Map.of("int", 3, "new", 2));
        assertEquals(List.of("int", "new"), net.dims());
        assertEquals(List.of("θ", "λ", "β"), net.parameters());
        assertEquals(List.of("class", "γ"), net.data());
        net.values("class")[1] = 1;
        net.values("γ")[0] = 1;
        net.values("θ")[2] = 0.5;
        double loss = net.backward();
        assertTrue(loss > 0, "loss " + loss);
        // dE/dβ = sum(j, (this - γ) * this * (1 - this)), written out from the forward values
        double expected = 0;
        for (int j = 0; j < 2; j++) {
            double z = j == 0 ? 0.5 : 0;
            double t = 1 / (1 + Math.exp(-z));
            expected += (t - (j == 0 ? 1 : 0)) * t * (1 - t);
        }
        assertEquals(expected, net.gradient("β")[0], 1e-15);
    }

    @Test
    void aFileWithoutATrainStatementIsAnErrorAtItsStart() throws IOException {
        Path f = dir.resolve("no-train.nabla");
        Files.writeString(f, "dim d\nparam w[d]\nE = sum(i, w[i]^2)\n");
        Cli.Run run = Cli.run("compile", f.toString(), "-o", dir.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":1:1: error: no train statement: a trainer needs `train minimize E over p1, p2, ...`\n"
                + "dim d\n^\n", run.err());
    }

    @Test
    void badNamesAndOptionsAreErrorsForPeople() throws IOException {
        Path f = dir.resolve("ok.nabla");
        Files.writeString(f, "param w\nE = w^2\ntrain minimize E over w\n");
        Cli.Run cls = Cli.run("compile", f.toString(), "-o", dir.toString(), "--class", "class");
        assertEquals(2, cls.code(), cls::toString);
        assertEquals("nabla compile: --class 'class' is not a Java class name (ASCII letters, digits, _ and $, "
                + "not a keyword)\n", cls.err());
        Cli.Run pkg = Cli.run("compile", f.toString(), "-o", dir.toString(), "--package", "a..b");
        assertEquals(2, pkg.code(), pkg::toString);
        assertEquals("nabla compile: --package 'a..b' is not a Java package name\n", pkg.err());
        Cli.Run lambda = Cli.run("compile", f.toString(), "-o", dir.toString(), "--lambda", "1.5");
        assertEquals(2, lambda.code(), lambda::toString);
        assertEquals("nabla compile: --lambda must lie in [0, 1], not 1.5\n", lambda.err());
        Cli.Run leaf = Cli.run("compile", write("leaf.nabla", "param w\nconst E\ntrain minimize E over w\n").toString(),
                "-o", dir.toString());
        assertEquals(2, leaf.code(), leaf::toString);
        assertTrue(leaf.err().startsWith(dir.resolve("leaf.nabla") + ":3:16: error: the objective 'E' must be a "
                + "definition, not a leaf\n"), leaf::toString);
    }

    @Test
    void theDefaultClassNameComesFromTheFileName() {
        assertEquals("Ch5Bp", CompileCommand.classNameFor(Path.of("derivations/ch5-bp.nabla")));
        assertEquals("Xor", CompileCommand.classNameFor(Path.of("xor.nabla")));
        assertEquals("Trainer5", CompileCommand.classNameFor(Path.of("5.nabla")));
        assertEquals("Trainer", CompileCommand.classNameFor(Path.of("γ.nabla")));
    }

    @Test
    void regularisationShowsThePenaltyGradient() throws IOException {
        Cli.Run run = Cli.run("compile", "derivations/ch5-bp.nabla", "-o", dir.toString(), "--lambda", "0.9");
        assertEquals(0, run.code(), run::toString);
        String text = Files.readString(dir.resolve("Ch5Bp.java"));
        assertTrue(text.contains("// adjoint of w (derivations/ch5-bp.nabla:5): dE_dw[h, j] = 0.2 * w[h, j] + b[h] * dE_dbeta[j]"),
                text);
    }

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** javac (javax.tools) with nabla's classes on the class path, then an instance with the sizes. */
    private Network compileAndLoad(Path source, String className, Map<String, Integer> sizes) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.US_ASCII)) {
            String runtime = Path.of(Network.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            boolean ok = javac.getTask(null, files, diagnostics, List.of("-classpath", runtime, "-d", classes.toString(),
                    "-Xlint:all", "-Werror"), null, files.getJavaFileObjects(source)).call();
            assertTrue(ok, () -> diagnostics.getDiagnostics().toString());
            assertEquals(List.of(), diagnostics.getDiagnostics());
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, Network.class.getClassLoader());
        return (Network) loader.loadClass(className).getConstructor(Map.class).newInstance(sizes);
    }
}
