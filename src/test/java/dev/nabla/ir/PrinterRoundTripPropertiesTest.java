package dev.nabla.ir;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.sema.Program;
import dev.nabla.sema.Resolver;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.Parser;
import dev.nabla.testkit.Choices;
import dev.nabla.testkit.ExprGen;
import dev.nabla.testkit.Leaves;
import dev.nabla.testkit.Points;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link Printer} output of random IR parses and resolves in a file that declares its leaves,
 * lowers back to an expression that prints the same, and evaluates to the same values.
 */
class PrinterRoundTripPropertiesTest {
    private static final Leaves LEAVES = new Leaves();
    private static final List<Index> ENV = List.of(new Index("i", LEAVES.d), new Index("j", LEAVES.q));

    @Property(tries = 250, edgeCases = EdgeCasesMode.NONE)
    void printedIrReadsBackToTheSameValues(@ForAll long seed) {
        Expr e = new ExprGen(LEAVES, new Choices(seed)).expr(4, ENV);
        String printed = Printer.print(e);
        String text = LEAVES.declarations() + "claim " + printed + " == " + printed + "\n";
        Diagnostics diags = new Diagnostics();
        SourceFile source = new SourceFile("roundtrip.nabla", text);
        Ast.NablaFile file = Parser.parse(source, diags);
        assertNotNull(file, () -> "does not parse:\n" + text + diags.render());
        Program program = Resolver.resolve(source, file, diags);
        if (program != null) {
            // the claim is the statement under test: its errors are what matters here
            program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        }
        // the language wants every index in some slot; the IR also allows one seen only in a delta
        Assume.that(!diags.hasErrors() || !onlyUnplacedIndices(diags.render()));
        assertTrue(!diags.hasErrors(), () -> "does not resolve:\n" + text + diags.render());
        Model model = new Model(program);
        Ast.Claim claim = (Ast.Claim) file.statements().get(file.statements().size() - 1);
        Expr back = model.lower(claim.lhs());
        assertEquals(printed, Printer.print(back), "printing the re-lowered expression");
        assertEquals(e.freeIndices(), back.freeIndices());

        List<Index> over = new ArrayList<>(e.freeIndices());
        Random r = new Random(seed);
        for (int point = 0; point < 3; point++) {
            Instance at = Points.random(r, LEAVES.dims(), LEAVES.all(), 3, 2);
            Instance same = new Instance(at.sizes(), Map.of());
            for (Tensor t : LEAVES.all()) {
                same = same.withValues(model.lowering().tensor(t.name()), at.values(t));
            }
            Evaluator.Value expected = new Evaluator(LEAVES.graph(), at).evaluate(e, over);
            Evaluator.Value actual = new Evaluator(model.graph(), same).evaluate(back, over);
            for (int p = 0; p < expected.size(); p++) {
                double v = expected.values()[p];
                if (!Double.isFinite(v)) {
                    continue;
                }
                double w = actual.values()[p];
                double tolerance = 4 * (expected.errors()[p] + actual.errors()[p]) + 1e-13 * Math.abs(v);
                if (!(Math.abs(v - w) <= tolerance)) {
                    fail(printed + " at " + expected.assignment(p) + ", sizes " + at.sizes() + ": " + v
                            + " before printing, " + w + " after");
                }
            }
        }
        assertTrue(text.contains(printed));
    }

    private static boolean onlyUnplacedIndices(String rendered) {
        for (String line : rendered.split("\n")) {
            if (line.contains(": error: ") && !line.contains("occupies no slot")) {
                return false;
            }
        }
        return true;
    }
}
