package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.Parser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parses and resolves test inputs, failing the test on any syntax error. */
final class Resolving {
    static final String FILE = "t.nabla";

    private Resolving() {
    }

    /** The outcome of one run: the program (null on errors) and the rendered diagnostics. */
    record Outcome(Program program, Ast.NablaFile file, String rendered) {
    }

    static Outcome run(String text) {
        Diagnostics diags = new Diagnostics();
        SourceFile source = new SourceFile(FILE, text);
        Ast.NablaFile file = Parser.parse(source, diags);
        assertNotNull(file, () -> "the test input must parse:\n" + diags.render());
        Program program = Resolver.resolve(source, file, diags);
        assertEquals(program == null, diags.hasErrors(),
                "a program is returned exactly when there is no error outside claims, derives and examples");
        if (program != null) {
            program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        }
        return new Outcome(program, file, diags.render());
    }

    /** Resolves {@code text}, which must have no errors. */
    static Program ok(String text) {
        Outcome o = run(text);
        assertEquals("", o.rendered());
        return o.program();
    }

    /**
     * Resolves {@code text} and returns everything it reports: errors that void the program,
     * and those of ill-formed claims, derive chains and examples.
     */
    static String errors(String text) {
        Outcome o = run(text);
        assertTrue(o.program() == null || !o.program().statementErrors().isEmpty(), "expected errors");
        return o.rendered();
    }

    static String resource(String name) {
        try (InputStream in = Resolving.class.getResourceAsStream(name)) {
            assertNotNull(in, "missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
