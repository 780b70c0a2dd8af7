package dev.nabla.bench;

import dev.nabla.codegen.JavaTrainer;
import dev.nabla.codegen.TrainingProgram;
import dev.nabla.diag.Diagnostics;
import dev.nabla.runtime.Network;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import org.codehaus.janino.SimpleCompiler;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long compiling a generated trainer takes in-process: javax.tools (the JDK's javac) against
 * Janino, on the source of {@code derivations/ch5-bp.nabla}'s trainer, the first time in a JVM
 * (what {@code nabla train} pays on a cache miss) and warmed up; both results are run once to
 * check that they work.
 * <pre>java -cp target/classes:target/test-classes:$(cat target/bench.classpath) dev.nabla.bench.CompilerBench</pre>
 */
public final class CompilerBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "derivations/ch5-bp.nabla");
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(file, diags);
        TrainingProgram training = TrainingProgram.of(program, TrainingProgram.Options.NONE);
        String source = JavaTrainer.emit(training, new JavaTrainer.Options("bench", "Trainer"));
        System.out.printf(Locale.ROOT, "CompilerBench %s: %d characters of Java, java %s%n", file, source.length(),
                System.getProperty("java.version"));
        String first = args.length > 1 ? args[1] : "javac";
        for (String which : first.equals("janino") ? List.of("janino", "javac") : List.of("javac", "janino")) {
            long t0 = System.nanoTime();
            Class<?> c = compile(which, source);
            double cold = (System.nanoTime() - t0) / 1e6;
            for (int k = 0; k < 10; k++) {
                compile(which, source);
            }
            int reps = 10;
            long t1 = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                compile(which, source);
            }
            double warm = (System.nanoTime() - t1) / 1e6 / reps;
            Network net = (Network) c.getConstructor(Map.class).newInstance(Map.of("d", 2, "q", 2, "l", 1));
            net.values("x")[0] = 1;
            System.out.printf(Locale.ROOT, "%-7s first compile %7.1f ms, warm %6.1f ms per compile; runs: loss %.4f%n",
                    which, cold, warm, net.backward());
        }
    }

    private static Class<?> compile(String which, String source) throws Exception {
        if (which.equals("janino")) {
            SimpleCompiler janino = new SimpleCompiler();
            janino.setParentClassLoader(Network.class.getClassLoader());
            janino.setTargetVersion(8);
            // Janino ignores type arguments: Map<String, Integer>.get is an Object to it
            janino.cook(source.replace("sizes.get(", "(Integer) sizes.get(")
                    .replace("sizes.getOrDefault(", "(Integer) sizes.getOrDefault(")
                    .replace("for (String name : sizes.keySet())", "for (Object name : sizes.keySet())"));
            return janino.getClassLoader().loadClass("bench.Trainer");
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var files = new javax.tools.ForwardingJavaFileManager<>(javac.getStandardFileManager(null, null, null)) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location l, String name, JavaFileObject.Kind kind,
                                                       javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return bytes;
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("mem:///bench/Trainer.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignore) {
                return source;
            }
        };
        String cp = Path.of(Network.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        if (!javac.getTask(null, files, null, List.of("-classpath", cp, "-proc:none"), null, List.of(unit)).call()) {
            throw new IllegalStateException("javac failed");
        }
        byte[] b = bytes.toByteArray();
        return new ClassLoader(Network.class.getClassLoader()) {
            Class<?> define() {
                return defineClass("bench.Trainer", b, 0, b.length);
            }
        }.define();
    }
}
