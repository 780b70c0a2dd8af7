package dev.nabla.codegen;

import dev.nabla.runtime.Network;
import dev.nabla.sema.Program;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Generated trainers in-process: the source of a {@link TrainingProgram} compiled in memory with
 * the JDK's compiler ({@code javax.tools}) and instantiated as a {@link Network}. Compiled classes
 * are cached on disk under the SHA-256 of their source, which is a function of the formula file's
 * text, nabla's version and the options that change it (batch, lambda): in {@code $NABLA_CACHE},
 * else {@code ~/.cache/nabla}. Every file is written to a temporary name and renamed, so that
 * concurrent runs never see half a file.
 */
public final class CompiledTrainer {
    /** The environment variable naming the cache directory. */
    public static final String CACHE_VARIABLE = "NABLA_CACHE";
    /** The package of in-process trainers. */
    public static final String PACKAGE = "dev.nabla.generated";

    private static final Map<String, Class<? extends Network>> LOADED = new ConcurrentHashMap<>();

    private CompiledTrainer() {
    }

    /** Generated code that javac refused: a bug in nabla. The source is kept at {@link #source()}. */
    public static final class CompileFailure extends RuntimeException {
        private final transient Path source;

        CompileFailure(Path source, String diagnostics) {
            super("the generated trainer did not compile; its source is kept at " + source + "\n" + diagnostics);
            this.source = source;
        }

        public Path source() {
            return source;
        }
    }

    /** The cache directory cannot be created, read or written: the user's environment, not a bug. */
    public static final class CacheUnusable extends RuntimeException {
        CacheUnusable(Path cache, IOException cause) {
            super("cannot use the trainer cache " + cache + " (" + describe(cause) + "); set " + CACHE_VARIABLE
                    + " to a writable directory", cause);
        }

        private static String describe(IOException e) {
            if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
                FileSystemException f = (FileSystemException) e;
                return f.getFile() + ": " + f.getReason();
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /**
     * The trainer of a checked program's train statement with the given dim sizes (by name; a
     * batched program's batch dim is {@link TrainingProgram#batchDimName}), compiled once per
     * source and cached: all a training loop needs.
     */
    public static Network load(Program program, TrainingProgram.Options options, Map<String, Integer> sizes) {
        return load(TrainingProgram.of(program, options), sizes);
    }

    /** The trainer of a program with the given dim sizes, compiled once per source and cached. */
    public static Network load(TrainingProgram program, Map<String, Integer> sizes) {
        return instantiate(compile(program), sizes);
    }

    /** The trainer class of a program, from the cache ({@link #cacheDirectory}) when it was compiled before. */
    public static Class<? extends Network> compile(TrainingProgram program) {
        return compile(program, cacheDirectory());
    }

    /** The trainer class of a program, cached in the given directory. */
    public static Class<? extends Network> compile(TrainingProgram program, Path cache) {
        // the class name is fixed so that the source, and with it the key, depends on the program only
        String source = JavaTrainer.emit(program, new JavaTrainer.Options(PACKAGE, "Trainer"));
        return compile(source, PACKAGE + ".Trainer", cache);
    }

    /** A network of a trainer class, constructed with the sizes of its dims by name. */
    public static Network instantiate(Class<? extends Network> type, Map<String, Integer> sizes) {
        try {
            return type.getConstructor(Map.class).newInstance(sizes);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " is not a generated trainer", e);
        }
    }

    /** {@code $NABLA_CACHE}, else {@code ~/.cache/nabla}. */
    public static Path cacheDirectory() {
        String dir = System.getenv(CACHE_VARIABLE);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "nabla");
    }

    /**
     * The class named {@code binaryName} that {@code source} defines, compiled with javax.tools
     * unless {@code cache} holds it already.
     */
    public static Class<? extends Network> compile(String source, String binaryName, Path cache) {
        String key = sha256(source);
        String loaded = cache.toAbsolutePath() + "/" + key;
        Class<? extends Network> known = LOADED.get(loaded);
        if (known != null) {
            return known;
        }
        Path entry = cache.resolve(key);
        Path classFile = entry.resolve(binaryName + ".class");
        byte[] bytes;
        try {
            if (Files.isRegularFile(classFile)) {
                bytes = Files.readAllBytes(classFile);
            } else {
                Files.createDirectories(entry);
                atomicWrite(entry.resolve(binaryName + ".java"), source.getBytes(StandardCharsets.UTF_8));
                bytes = javac(source, binaryName, entry.resolve(binaryName + ".java"));
                atomicWrite(classFile, bytes);
            }
        } catch (IOException e) {
            throw new CacheUnusable(cache, e);
        }
        Class<? extends Network> type = define(binaryName, bytes);
        LOADED.put(loaded, type);
        return type;
    }

    /** The bytecode of the one class a source defines, compiled in memory. */
    static byte[] javac(String source, String binaryName, Path kept) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("nabla needs a JDK, not a JRE, to compile trainers: javax.tools has no "
                    + "Java compiler in " + System.getProperty("java.home"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ForwardingJavaFileManager<StandardJavaFileManager> memory = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(uri(className, kind), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return bytes;
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(uri(binaryName, JavaFileObject.Kind.SOURCE),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = List.of("-classpath", runtimeClassPath(), "-proc:none", "-Xlint:none", "-g");
        boolean ok = compiler.getTask(null, memory, diagnostics, options, null, List.of(unit)).call();
        if (!ok) {
            StringBuilder why = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                why.append(kept).append(':').append(d.getLineNumber()).append(": ").append(d.getKind()).append(": ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            throw new CompileFailure(kept, why.toString());
        }
        return bytes.toByteArray();
    }

    /** Where {@link Network} comes from: nabla's jar, or its classes directory. */
    static String runtimeClassPath() {
        try {
            return Path.of(Network.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String binaryName, JavaFileObject.Kind kind) {
        return URI.create("string:///" + binaryName.replace('.', '/') + kind.extension);
    }

    private static Class<? extends Network> define(String binaryName, byte[] bytes) {
        ClassLoader loader = new ClassLoader(Network.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.equals(binaryName)) {
                    return defineClass(name, bytes, 0, bytes.length);
                }
                throw new ClassNotFoundException(name);
            }
        };
        try {
            return loader.loadClass(binaryName).asSubclass(Network.class);
        } catch (ClassNotFoundException | ClassFormatError e) {
            throw new IllegalStateException("the cached trainer " + binaryName + " cannot be loaded", e);
        }
    }

    /** Writes a file so that no reader ever sees part of it: a temporary sibling, then a rename. */
    static void atomicWrite(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
