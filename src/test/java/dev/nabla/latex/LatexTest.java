package dev.nabla.latex;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The book's notation, for claims as written and for derived adjoints. */
class LatexTest {
    private static final Notation STANDARD = Notation.STANDARD;
    private static final Notation BOOK = new Notation(Notation.Preset.BOOK);

    static Program program(String text) {
        Diagnostics diags = new Diagnostics();
        Program p = Frontend.load(new SourceFile("t.nabla", text), diags);
        assertNotNull(p, diags::render);
        return p;
    }

    /** The right side of the file's only claim, rendered as written. */
    private static String claim(String declarations, String claim, Notation n) {
        Program p = program(declarations + "\nclaim: " + claim + "\n");
        for (Ast.Statement s : p.file().statements()) {
            if (s instanceof Ast.Claim) {
                return new AstLatex(p, n).statement(s);
            }
        }
        throw new AssertionError("no claim");
    }

    private static final String BP = String.join("\n",
            "dim d, q, l",
            "input x[d]",
            "target y[l]",
            "param v[d, q], gamma[q], w[q, l], theta[l]",
            "alpha[h] = sum(i, v[i, h] * x[i])",
            "b[h] = sigmoid(alpha[h] - gamma[h])",
            "beta[j] = sum(h, w[h, j] * b[h])",
            "yhat[j] = sigmoid(beta[j] - theta[j])",
            "E = 1/2 * sum(j, (yhat[j] - y[j])^2)");

    @Test
    void namesReadAsTheBookWritesThem() {
        assertEquals("\\hat{y}", STANDARD.name("yhat"));
        assertEquals("\\gamma", STANDARD.name("gamma"));
        assertEquals("\\hat{\\theta}", STANDARD.name("thetahat"));
        assertEquals("w_5", STANDARD.name("w5"));
        assertEquals("E_{\\mathrm{acc}}", STANDARD.name("E_acc"));
        assertEquals("w_{5,\\mathrm{next}}", STANDARD.name("w5_next"));
        assertEquals("\\mathit{loss}", STANDARD.name("loss"));
        assertEquals("w_{hj}", STANDARD.access("w", List.of(new Notation.Slot("h", "q"), new Notation.Slot("j", "l"))));
        assertEquals("w_{h,j_2}", STANDARD.access("w", List.of(new Notation.Slot("h", "q"), new Notation.Slot("j2", "l"))));
        assertEquals("p_{1,i}", STANDARD.access("p1", List.of(new Notation.Slot("i", "m"))));
        assertEquals("\\hat{y}_1", STANDARD.access("yhat", List.of(new Notation.Slot("1", null))));
    }

    @Test
    void theSampleIndexKOverMIsASuperscript() {
        assertEquals("\\hat{y}_j^k", STANDARD.access("yhat", List.of(new Notation.Slot("j", "l"), new Notation.Slot("k", "m"))));
        // a k over another dim is an ordinary index, and E_k[k] names its sample once
        assertEquals("X_{ik}", STANDARD.access("X", List.of(new Notation.Slot("i", "m"), new Notation.Slot("k", "d"))));
        assertEquals("E_k", STANDARD.access("E_k", List.of(new Notation.Slot("k", "m"))));
        assertEquals("\\left(X_i^k\\right)^{2}", claim("dim m, d\ninput X[m, d]", "sum(k, X[k, i]^2) == 0", STANDARD)
                .replaceFirst("^\\\\sum_\\{k=1\\}\\^\\{m\\} ", "").replace(" = 0", ""));
    }

    @Test
    void sigmoidIsSigmaOrTheBooksF() {
        String decls = "input u";
        assertEquals("\\sigma'\\left(u\\right) = \\sigma\\left(u\\right) \\left(1 - \\sigma\\left(u\\right)\\right)",
                claim(decls, "sigmoid'(u) == sigmoid(u) * (1 - sigmoid(u))", STANDARD));
        assertEquals("f'\\left(u\\right) = f\\left(u\\right) \\left(1 - f\\left(u\\right)\\right)",
                claim(decls, "sigmoid'(u) == sigmoid(u) * (1 - sigmoid(u))", BOOK));
        assertEquals("\\exp\\left(\\log\\left(u\\right)\\right) = u", claim(decls, "exp(log(u)) == u", STANDARD));
        assertEquals("\\exp\\left(\\ln\\left(u\\right)\\right) = u", claim(decls, "exp(log(u)) == u", BOOK));
        assertEquals("\\sqrt{u} = \\left|u\\right|^{\\frac{1}{2}}", claim(decls, "sqrt(u) == abs(u)^(1/2)", STANDARD));
    }

    @Test
    void claimsAsWritten() {
        assertEquals("-\\frac{\\partial E}{\\partial w_{hj}} = \\hat{y}_j \\left(1 - \\hat{y}_j\\right) \\left(y_j - \\hat{y}_j\\right) b_h",
                claim(BP, "-diff(E, w[h, j]) == yhat[j] * (1 - yhat[j]) * (y[j] - yhat[j]) * b[h]", STANDARD));
        assertEquals("\\frac{\\partial E}{\\partial b_h} = \\sum_{j=1}^{l} w_{hj} \\frac{\\partial E}{\\partial \\beta_j}",
                claim(BP, "diff(E, b[h]) == sum(j, w[h, j] * diff(E, beta[j]))", STANDARD));
        assertEquals("E = \\frac{1}{2} \\sum_{j=1}^{l} \\left(\\hat{y}_j - y_j\\right)^{2}",
                claim(BP, "E == 1/2 * sum(j, (yhat[j] - y[j])^2)", STANDARD));
        assertEquals("\\frac{\\partial^{2} E}{\\partial \\theta_j \\partial \\theta_j} = \\delta_{jj} - 1 + 1",
                claim(BP, "diff(diff(E, theta[j]), theta[j]) == delta(j, j) - 1 + 1", STANDARD));
        // a sum that is not the last factor keeps its parentheses, a sum of sums its body's
        assertEquals("\\left(\\sum_{j=1}^{l} y_j\\right) \\theta_1 = \\sum_{j=1}^{l} \\left(y_j + 1\\right) - 3 \\cdot 2",
                claim(BP, "sum(j, y[j]) * theta[1] == sum(j, y[j] + 1) - 3 * 2", STANDARD));
        assertEquals("-\\frac{\\lambda}{m} = 10^{-12} \\left(-\\lambda\\right)",
                claim("dim m\nconst lambda", "-lambda/m == 1e-12 * -lambda", STANDARD));
    }

    @Test
    void derivedAdjointsAreWrittenAsDerivatives() {
        Program p = program(BP);
        Model model = new Model(p);
        Tensor e = model.lowering().tensor("E");
        var adjoints = model.reverseMode().adjoints(Ir.access(e, List.of()));
        IrLatex latex = new IrLatex(STANDARD, model.reverseMode()::passOf);
        Tensor w = model.lowering().tensor("w");
        Tensor dw = adjoints.byVariable().get(w);
        Definition def = model.graph().definition(dw);
        assertEquals("\\frac{\\partial E}{\\partial w_{hj}} = b_h \\frac{\\partial E}{\\partial \\beta_j}", latex.definition(def));
        Definition db = model.graph().definition(adjoints.byVariable().get(model.lowering().tensor("b")));
        assertEquals("\\frac{\\partial E}{\\partial b_h} = \\sum_{j=1}^{l} \\frac{\\partial E}{\\partial \\beta_j} w_{hj}",
                latex.definition(db));
    }
}
