package dev.nabla.verify;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The canonical form proves true identities and none of a set of near misses. */
class CanonicalFormTest {
    private final Dim d = new Dim("d");
    private final Index i = new Index("i", d);
    private final Index k = new Index("k", d);
    private final Index h = new Index("h", d);
    private final Index j = new Index("j", d);
    private final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.PARAM);
    private final Tensor m = new Tensor("m", List.of(d, d), Tensor.Kind.PARAM);
    private final Tensor a = new Tensor("a", List.of(), Tensor.Kind.PARAM);
    private final Tensor b = new Tensor("b", List.of(), Tensor.Kind.PARAM);
    private final Graph graph = new Graph();

    CanonicalFormTest() {
        for (Tensor t : List.of(x, m, a, b)) {
            graph.addLeaf(t);
        }
    }

    private boolean proves(Expr lhs, Expr rhs) {
        return new CanonicalForm(graph).provesEqual(lhs, rhs);
    }

    private Expr x(Index at) {
        return Ir.access(x, at);
    }

    @Test
    void distributesOverSums() {
        // sum(i, x[i] * (a + b)) == a * sum(i, x[i]) + b * sum(i, x[i])
        Expr lhs = Ir.sum(i, Ir.mul(x(i), Ir.add(Ir.access(a), Ir.access(b))));
        Expr rhs = Ir.add(Ir.mul(Ir.access(a), Ir.sum(i, x(i))), Ir.mul(Ir.access(b), Ir.sum(i, x(i))));
        assertTrue(proves(lhs, rhs));
    }

    @Test
    void boundIndicesAreRenamedCanonically() {
        // sum(i, x[i] * m[i, j]) == sum(k, m[k, j] * x[k]); (sum(i, x[i]))^2 == sum(i, k, x[i] * x[k])
        assertTrue(proves(Ir.sum(i, Ir.mul(x(i), Ir.access(m, i, j))), Ir.sum(k, Ir.mul(Ir.access(m, k, j), x(k)))));
        assertTrue(proves(Ir.pow(Ir.sum(i, x(i)), 2), Ir.sum(List.of(i, k), Ir.mul(x(i), x(k)))));
    }

    @Test
    void deltasOnBoundIndicesAreEliminated() {
        // sum(i, delta(i, k) * x[i]) == x[k]
        assertTrue(proves(Ir.sum(i, Ir.mul(Ir.delta(i, k), x(i))), x(k)));
    }

    @Test
    void quotientsMeetOverACommonDenominatorAndCancel() {
        Expr z = Ir.access(a);
        Expr ez = Ir.call(dev.nabla.ir.Fn.EXP, z);
        // exp(z) / (1 + exp(z)) == sigmoid(z), but not exp(z) / (1 + exp(-z))
        assertTrue(proves(Ir.div(ez, Ir.add(Ir.ONE, ez)), Ir.call(dev.nabla.ir.Fn.SIGMOID, z)));
        assertFalse(proves(Ir.div(ez, Ir.add(Ir.ONE, Ir.call(dev.nabla.ir.Fn.EXP, Ir.neg(z)))),
                Ir.call(dev.nabla.ir.Fn.SIGMOID, z)));
        // (b^2 - 1) / (b + 1) == b - 1: the denominator divides the numerator
        Expr bb = Ir.access(b);
        assertTrue(proves(Ir.div(Ir.sub(Ir.pow(bb, 2), Ir.ONE), Ir.add(bb, Ir.ONE)), Ir.sub(bb, Ir.ONE)));
        assertFalse(proves(Ir.div(Ir.sub(Ir.pow(bb, 2), Ir.ONE), Ir.add(bb, Ir.ONE)), Ir.add(bb, Ir.ONE)));
    }

    @Test
    void aSumCancelsAgainstItsReciprocal() {
        // sum(i, exp(x[i]) / sum(k, exp(x[k]))) == 1
        Expr s = Ir.sum(k, Ir.call(dev.nabla.ir.Fn.EXP, x(k)));
        assertTrue(proves(Ir.sum(i, Ir.div(Ir.call(dev.nabla.ir.Fn.EXP, x(i)), s)), Ir.ONE));
        assertFalse(proves(Ir.sum(i, Ir.div(Ir.call(dev.nabla.ir.Fn.EXP, x(i)), s)), Ir.dimSize(d)));
    }

    @Test
    void aSquareRootIsAHalfPowerButNotOfASquare() {
        Expr bb = Ir.access(b);
        // sqrt(b)^2 == b wherever the left side is defined; sqrt(b^2) is |b|, not b
        assertTrue(proves(Ir.pow(Ir.call(dev.nabla.ir.Fn.SQRT, bb), 2), bb));
        assertFalse(proves(Ir.call(dev.nabla.ir.Fn.SQRT, Ir.pow(bb, 2)), bb));
        assertFalse(proves(Ir.mul(Ir.pow(Ir.pow(bb, 2), Ir.constant(new org.apache.commons.math3.fraction.BigFraction(1, 2))),
                Ir.access(a)), Ir.mul(bb, Ir.access(a))));
    }

    @Test
    void aTransposedAccessIsNotProvedEvenWhenTheDimsAgree() {
        // sum(j, m[h, j] * x[j]) vs sum(j, m[j, h] * x[j])
        assertFalse(proves(Ir.sum(j, Ir.mul(Ir.access(m, h, j), x(j))), Ir.sum(j, Ir.mul(Ir.access(m, j, h), x(j)))));
    }

    @Test
    void aLostSignOrFactorIsNotProved() {
        Expr s = Ir.sum(i, Ir.pow(x(i), 2));
        assertFalse(proves(s, Ir.neg(s)));
        // d/dx[k] sum(i, x[i]^2) is 2 x[k], not x[k]
        assertFalse(proves(Ir.sum(i, Ir.mul(Ir.constant(2), x(i), Ir.delta(i, k))), x(k)));
        assertTrue(proves(Ir.sum(i, Ir.mul(Ir.constant(2), x(i), Ir.delta(i, k))), Ir.mul(Ir.constant(2), x(k))));
    }

    @Test
    void derivativeRulesOfBuiltinsAreProvedAtTheRightPointOnly() {
        String text = "dim d\nparam z, u\n"
                + "claim \"sigma\": sigmoid'(z) == sigmoid(z) * (1 - sigmoid(z))\n"
                + "claim \"tanh\": tanh'(z) == 1 - tanh(z)^2\n"
                + "claim \"wrong point\": sigmoid'(z) == sigmoid(u) * (1 - sigmoid(u))\n"
                + "claim \"wrong sign\": tanh'(z) == tanh(z)^2 - 1\n";
        Loaded l = load(text);
        assertEquals(List.of(true, true, false, false), l.verdicts());
    }

    @Test
    void provesTheBooksBackpropagationFormulasAndRejectsNearMisses() throws IOException {
        String text = Files.readString(Path.of("derivations/ch5-bp.nabla"))
                + "\nclaim \"lost sign\": diff(E, beta[j]) == g[j]\n"
                + "claim \"extra factor\": -diff(E, w[h, j]) == g[j] * b[h]^2\n"
                + "claim \"missing factor\": diff(E, yhat[j]) == 2 * (yhat[j] - y[j])\n"
                + "claim \"sigma' at the wrong point\": -diff(E, alpha[h]) == sigmoid'(alpha[h]) * sum(j, w[h, j] * g[j])\n"
                + "claim \"5.14 restated\": diff(E, gamma[h]) == b[h] * (1 - b[h]) * sum(j, w[h, j] * g[j])\n";
        Loaded l = load(text);
        assertEquals(List.of("5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "lost sign", "extra factor",
                "missing factor", "sigma' at the wrong point", "5.14 restated"), l.labels());
        assertEquals(List.of(true, true, true, true, true, true, false, false, false, false, true), l.verdicts());
    }

    private record Loaded(List<String> labels, List<Boolean> verdicts) {
    }

    private static Loaded load(String text) {
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(new SourceFile("t.nabla", text), diags);
        assertNotNull(program, diags::render);
        Model model = new Model(program);
        CanonicalForm form = new CanonicalForm(model.graph());
        List<String> labels = new ArrayList<>();
        List<Boolean> verdicts = new ArrayList<>();
        for (Ast.Statement s : program.file().statements()) {
            if (s instanceof Ast.Claim) {
                Ast.Claim c = (Ast.Claim) s;
                labels.add(c.label().text());
                verdicts.add(form.provesEqual(model.lower(c.lhs()), model.lower(c.rhs())));
            }
        }
        return new Loaded(labels, verdicts);
    }
}
