package dev.nabla.verify;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Ir;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import dev.nabla.testkit.SigmoidNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Definitions kept as atoms and unfolded only where the sides differ: verdicts, not timings. */
class LazyUnfoldingTest {

    @Test
    void theFirstLayerGradientOfATwelveLayerNetworkIsProved() {
        Check c = checkOnly(new SigmoidNetwork(12).withFirstLayerClaim());
        assertEquals(Verdict.PROVED, c.verdict(), c.message());
        assertEquals("first layer", c.label());
    }

    @Test
    void aTwelveLayerBackpropagationThatForgetsOneDerivativeIsRefuted() {
        Check c = checkOnly(new SigmoidNetwork(12).forgettingTheDerivativeAt(6).withFirstLayerClaim());
        assertEquals(Verdict.REFUTED, c.verdict());
        assertNotNull(c.counterexample());
        assertNotEquals(c.counterexample().lhs(), c.counterexample().rhs());
    }

    @Test
    void theSameMistakeIsNeverProvedEvenWithoutRandomTesting() {
        Claim claim = claim(new SigmoidNetwork(6).forgettingTheDerivativeAt(3).withFirstLayerClaim());
        Optional<Expr> difference = claim.proofs().difference(claim.lhs(), claim.rhs());
        assertNotEquals(Optional.of(Ir.ZERO), difference);
    }

    @Test
    void everyLayersGradientOfAFourLayerNetworkIsProved() {
        SigmoidNetwork net = new SigmoidNetwork(4);
        List<Check> checks = run(net.source(net.claims(8)));
        assertEquals(8, checks.size());
        for (Check c : checks) {
            assertEquals(Verdict.PROVED, c.verdict(), c.label());
        }
    }

    @Test
    void aShallowDifferenceThatIsNotAProductIsProvedByRoundsWhereFullInliningGivesUp() {
        // one round unfolds q and r to p7 * x[i] - p7 * x[i]; matching sees a sum, not a product
        String file = polynomialOfDegree128() + "q[i] = p7[i] * x[i]\nr[i] = -p7[i]\nclaim: q[i] + r[i] * x[i] == 0\n";
        Claim claim = claim(file);
        assertEquals(Optional.empty(), new CanonicalForm(claim.graph()).of(Ir.sub(claim.lhs(), claim.rhs())));
        assertEquals(Optional.of(Ir.ZERO), claim.proofs().difference(claim.lhs(), claim.rhs()));
    }

    @Test
    void aDefinitionBothSidesShareCancelsAsAnAtom() {
        // inlined, p7 is a polynomial of degree 128 in x and z, past the canonical form's limit;
        // as an atom it cancels as it stands
        String file = polynomialOfDegree128()
                + "claim: sum(j, p7[j] * z[j]) + sum(k, p7[k]) == sum(j, (z[j] + 1) * p7[j])\n";
        Claim claim = claim(file);
        assertEquals(Optional.of(Ir.ZERO), claim.proofs().difference(claim.lhs(), claim.rhs()));
        assertEquals(Optional.empty(), new CanonicalForm(claim.graph()).of(Ir.sub(claim.lhs(), claim.rhs())));
    }

    @Test
    void aDeltaRenamesTheSubscriptsOfADefinitionAtom() {
        String file = "dim n\nparam x[n], w[n, n]\np[i] = sigmoid(sum(k, w[i, k] * x[k]))\n"
                + "claim: sum(j, delta(i, j) * p[j] * w[j, i]) == w[i, i] * p[i]\n";
        Check c = checkOnly(file);
        assertEquals(Verdict.PROVED, c.verdict(), c.message());
    }

    @Test
    void atomsWithSwappedSubscriptsAreNotTheSame() {
        String file = "dim n\nparam x[n], w[n, n]\np[i, j] = w[i, j] * x[j]\n"
                + "claim: sum(j, p[i, j]) == sum(j, p[j, i])\n";
        Claim claim = claim(file);
        Optional<Expr> difference = claim.proofs().difference(claim.lhs(), claim.rhs());
        assertTrue(difference.isPresent());
        assertNotEquals(Ir.ZERO, difference.get());
        assertEquals(Verdict.REFUTED, checkOnly(file).verdict());
    }

    @Test
    void aFactorSharedByBothSidesIsCancelledOnlyWhereItIsTheSame() {
        // matching cancels o1 * (1 - o1) on both sides, then needs sum(j, w2 * e2) == the adjoint's sum
        SigmoidNetwork net = new SigmoidNetwork(3);
        String wrongScale = net.source(List.of("claim: -diff(E, w1[i, j]) == 2 * e1[j] * x[i]"));
        Claim claim = claim(wrongScale);
        assertNotEquals(Optional.of(Ir.ZERO), claim.proofs().difference(claim.lhs(), claim.rhs()));
    }

    // ---- helpers ----------------------------------------------------------------------

    /** {@code p7[i]}, a polynomial of degree 128 in x[i] and z[i], too large to multiply out. */
    private static String polynomialOfDegree128() {
        StringBuilder file = new StringBuilder("dim n\nparam x[n], z[n]\np1[i] = (1 + x[i]) * (1 + z[i])\n");
        for (int k = 2; k <= 7; k++) {
            file.append("p").append(k).append("[i] = p").append(k - 1).append("[i] * (1 + p").append(k - 1)
                    .append("[i])\n");
        }
        return file.toString();
    }

    private record Claim(Graph graph, LazyUnfolding proofs, Expr lhs, Expr rhs) {
    }

    /** The first claim of a file, lowered, with the proof attempts of its graph. */
    private static Claim claim(String text) {
        Program program = load(text);
        Model model = new Model(program);
        Ast.Claim c = (Ast.Claim) program.file().statements().stream().filter(s -> s instanceof Ast.Claim)
                .findFirst().orElseThrow();
        Expr lhs = model.lower(c.lhs());
        Expr rhs = model.lower(c.rhs());
        return new Claim(model.graph(), new LazyUnfolding(model.graph(), Map.of()), lhs, rhs);
    }

    private static Check checkOnly(String text) {
        List<Check> checks = run(text);
        assertEquals(1, checks.size());
        return checks.get(0);
    }

    private static List<Check> run(String text) {
        return new Verifier(load(text), RandomChecker.Settings.defaults(1)).run();
    }

    private static Program load(String text) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(new SourceFile("net.nabla", text), diags);
        assertNotNull(program, () -> diags.toString());
        return program;
    }
}
