package dev.nabla.verify;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import dev.nabla.testkit.Points;
import dev.nabla.testkit.SigmoidNetwork;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.fail;

/** Lazy unfolding never proves a false claim: random small networks, backpropagation by hand with random mistakes. */
class LazyUnfoldingPropertiesTest {

    /**
     * Whenever the sides are proved equal, they agree numerically at random sizes and values
     * (the mistakes are those a student makes: a σ' left out, a sign, swapped weight indices, a
     * factor, the wrong layer's input or error term).
     */
    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void aProvedClaimHoldsAtRandomPoints(@ForAll long seed) {
        Random r = new Random(seed);
        int layers = 1 + r.nextInt(3);
        SigmoidNetwork net = new SigmoidNetwork(layers, true);
        int k = 1 + r.nextInt(layers);
        String claim = r.nextBoolean() ? net.weightClaim("c", k) : "claim \"c\": diff(E, t" + k + "[j]) == e" + k + "[j]";
        String mistake = "none";
        String file;
        switch (r.nextInt(7)) {
            case 0:
                int at = 1 + r.nextInt(layers);
                net.forgettingTheDerivativeAt(at);
                file = net.source(List.of(claim));
                mistake = "σ' left out at layer " + at;
                break;
            case 1:
                file = net.source(List.of(claim)).replace("(y[i] - o" + layers + "[i])", "(o" + layers + "[i] - y[i])");
                mistake = "sign of the output error";
                break;
            case 2:
                // w2 is q×q when there are three layers
                file = net.source(List.of(claim)).replace("w2[i, j] * e2[j]", "w2[j, i] * e2[j]");
                mistake = "swapped weight indices";
                break;
            case 3:
                file = net.source(List.of(claim.replace("== e", "== 2 * e")));
                mistake = "factor 2";
                break;
            case 4:
                file = net.source(List.of(claim.replace("e" + k + "[j]", "e" + (1 + r.nextInt(layers)) + "[j]")));
                mistake = "another layer's error term (or the right one)";
                break;
            case 5:
                int m = 1 + r.nextInt(layers);
                file = net.source(List.of(claim)).replace("(1 - o" + m + "[i])", "(1 + o" + m + "[i])");
                mistake = "1 + o for 1 - o";
                break;
            default:
                file = net.source(List.of(claim));
                break;
        }
        if (file.equals(new SigmoidNetwork(layers, true).source(List.of(claim)))) {
            mistake = "none";
        }
        Program program = load(file);
        if (program == null) {
            return; // another layer's error term over another dim
        }
        Model model = new Model(program);
        Ast.Claim c = (Ast.Claim) program.file().statements().stream().filter(s -> s instanceof Ast.Claim)
                .findFirst().orElseThrow();
        Expr lhs = model.lower(c.lhs());
        Expr rhs = model.lower(c.rhs());
        boolean proved = new LazyUnfolding(model.graph(), Map.of()).difference(lhs, rhs)
                .filter(d -> d == Ir.ZERO).isPresent();
        if (proved) {
            agreeNumerically(model, lhs, rhs, r, mistake, file);
        }
    }

    private static void agreeNumerically(Model model, Expr lhs, Expr rhs, Random r, String mistake, String file) {
        Set<Index> free = new LinkedHashSet<>(lhs.freeIndices());
        free.addAll(rhs.freeIndices());
        List<Index> over = new ArrayList<>(free);
        List<Tensor> leaves = new ArrayList<>();
        Set<Dim> dims = new LinkedHashSet<>();
        for (Tensor t : model.graph().tensors()) {
            dims.addAll(t.shape());
            if (t.isLeaf()) {
                leaves.add(t);
            }
        }
        for (int point = 0; point < 4; point++) {
            Instance at = Points.random(r, new ArrayList<>(dims), leaves, 3, 2);
            Evaluator ev = new Evaluator(model.graph(), at);
            Evaluator.Value a = ev.evaluate(lhs, over);
            Evaluator.Value b = ev.evaluate(rhs, over);
            for (int p = 0; p < a.size(); p++) {
                double x = a.values()[p];
                double y = b.values()[p];
                if (Math.abs(x - y) > 4 * (a.errors()[p] + b.errors()[p]) + 1e-12 * Math.max(Math.abs(x), Math.abs(y))) {
                    fail("proved a claim with a mistake (" + mistake + ") that differs at " + a.assignment(p)
                            + ", sizes " + at.sizes() + ": " + x + " and " + y + "\n" + file);
                }
            }
        }
    }

    private static Program load(String text) {
        return Frontend.load(new SourceFile("net.nabla", text), new Diagnostics());
    }
}
