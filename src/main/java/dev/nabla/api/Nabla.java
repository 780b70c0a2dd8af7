package dev.nabla.api;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.SourceLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * nabla as a library: load a file, list its checks, check one or all, and read each verdict
 * with its evidence as data.
 * <pre>{@code
 * LoadedFile file = Nabla.load(Path.of("derivations/ch5-bp.nabla"));
 * for (Result r : file.checkAll(Settings.DEFAULT).results()) {
 *     if (r.status() != Result.Status.PASSED) {
 *         System.out.println(r.line() + ": " + r.verdict().word() + "\n" + r.detail());
 *     }
 * }
 * }</pre>
 * Mistakes in the file are results (verdict error, with diagnostics), never exceptions; an
 * exception means a bug in nabla.
 */
public final class Nabla {
    private Nabla() {
    }

    /** Reads, parses and resolves a file; one that does not load says why in {@link LoadedFile#diagnostics}. */
    public static LoadedFile load(Path file) {
        Diagnostics diags = new Diagnostics();
        SourceFile source = SourceLoader.read(file, diags);
        return load(file.toString(), source, diags);
    }

    /** Loads source text as if it were the file {@code name}. */
    public static LoadedFile load(String name, String text) {
        return load(name, new SourceFile(name, text), new Diagnostics());
    }

    private static LoadedFile load(String name, SourceFile source, Diagnostics diags) {
        Program program = source == null ? null : Frontend.load(source, diags);
        // a file that is not UTF-8 is not loaded, but its text is kept to quote where the bad bytes are
        return new LoadedFile(name, diags.source(name), program, diags.errors());
    }

    /** The {@code *.nabla} regular files under a folder, searched recursively, in sorted order. */
    public static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(f -> f.toString().endsWith(".nabla") && Files.isRegularFile(f)).sorted().toList();
        }
    }
}
