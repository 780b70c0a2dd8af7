package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.Parser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of resolution over rearranged and damaged versions of the spec's example. */
class ResolverPropertiesTest {
    /** The spec example's statements that fit on one line (declarations, definitions, claims, train). */
    private static final List<String> ONE_LINE_STATEMENTS = Resolving.resource("/spec-example.nabla").lines()
            .filter(line -> !line.startsWith(" "))
            .map(line -> line.replaceAll("#.*", "").strip())
            .filter(line -> line.matches("(dim|input|target|param|claim|train|[A-Za-z]+(\\[[a-z, ]*])? *=).*"))
            .toList();

    @Provide
    Arbitrary<List<String>> shuffledStatements() {
        return Arbitraries.shuffle(ONE_LINE_STATEMENTS);
    }

    @Property(tries = 100)
    void statementOrderDoesNotChangeTheMeaning(@ForAll("shuffledStatements") List<String> statements) {
        Program p = Resolving.ok(String.join("\n", statements) + "\n");
        Program reference = Resolving.ok(String.join("\n", ONE_LINE_STATEMENTS) + "\n");
        Set<String> before = new HashSet<>();
        for (DefinitionSymbol def : p.definitions()) {
            for (String used : References.of(def.definition().body())) {
                if (p.symbol(used) instanceof DefinitionSymbol) {
                    assertTrue(before.contains(used), used + " must come before " + def.name());
                }
            }
            before.add(def.name());
            assertEquals(ranges(((DefinitionSymbol) reference.symbol(def.name())).indices()), ranges(def.indices()));
        }
        assertEquals(ONE_LINE_STATEMENTS.stream().filter(s -> s.startsWith("claim")).count(),
                p.freeIndices().size());
    }

    /** {@code h:q}: a dim's span moves with its line, so compare by names. */
    private static List<String> ranges(List<IndexVar> vars) {
        return vars.stream().map(v -> v.name() + ":" + v.dim().name()).toList();
    }

    @Provide
    Arbitrary<List<String>> damagedExample() {
        List<String> lines = Resolving.resource("/spec-example.nabla").lines().toList();
        return Arbitraries.integers().between(0, lines.size() - 1).set().ofMaxSize(6).map(dropped -> {
            List<String> kept = new ArrayList<>();
            for (int k = 0; k < lines.size(); k++) {
                if (!dropped.contains(k)) {
                    kept.add(lines.get(k));
                }
            }
            return kept;
        });
    }

    /** Dropping lines leaves undeclared names, bad shapes and half blocks: all reported, none thrown. */
    @Property(tries = 300)
    void damagedFilesAreReportedNotThrown(@ForAll("damagedExample") List<String> lines) {
        Diagnostics diags = new Diagnostics();
        SourceFile source = new SourceFile(Resolving.FILE, String.join("\n", lines) + "\n");
        Ast.NablaFile file = Parser.parse(source, diags);
        if (file == null) {
            return;
        }
        Program p = Resolver.resolve(source, file, diags);
        assertEquals(p == null, diags.hasErrors());
        diags.errors().forEach(d -> {
            assertNotNull(d.span());
            assertTrue(d.span().line() >= 1 && d.span().line() <= lines.size(), d::toString);
        });
    }
}
