package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.Parser;
import dev.nabla.syntax.SourceLoader;

import java.nio.file.Path;

/** Reads, parses and resolves a file; each phase runs only if the one before reported nothing. */
public final class Frontend {
    private Frontend() {
    }

    /** The checked program, or null after its errors went to {@code diags}. */
    public static Program load(Path path, Diagnostics diags) {
        SourceFile source = SourceLoader.read(path, diags);
        return source == null ? null : load(source, diags);
    }

    public static Program load(SourceFile source, Diagnostics diags) {
        diags.addSource(source);
        Ast.NablaFile file = Parser.parse(source, diags);
        if (file == null || diags.hasErrors()) {
            return null;
        }
        return Resolver.resolve(source, file, diags);
    }
}
