package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing shortcuts shared by the syntax tests. */
final class ParseHelper {
    static final String FILE = "t.nabla";

    private ParseHelper() {
    }

    /** Parses text that must be free of errors. */
    static Ast.NablaFile parseClean(String text) {
        Diagnostics diags = new Diagnostics();
        Ast.NablaFile file = Parser.parse(new SourceFile(FILE, text), diags);
        assertEquals("", diags.render(), "unexpected diagnostics for:\n" + text);
        assertNotNull(file);
        return file;
    }

    /** The expression of {@code t = <text>}. */
    static Ast.Expr expr(String text) {
        Ast.NablaFile file = parseClean("t = " + text);
        return ((Ast.Definition) file.statements().get(0)).body();
    }

    /** Parses text that must fail and returns the rendered diagnostics. */
    static String errors(String text) {
        Diagnostics diags = new Diagnostics();
        Ast.NablaFile file = Parser.parse(new SourceFile(FILE, text), diags);
        assertTrue(diags.hasErrors(), "expected errors for:\n" + text);
        assertNull(file);
        return diags.render();
    }
}
