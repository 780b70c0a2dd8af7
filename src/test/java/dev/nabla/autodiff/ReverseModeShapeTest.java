package dev.nabla.autodiff;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Printer;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Program;
import dev.nabla.testkit.Points;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adjoint program reverse mode derives for the book's BP network, and its values at random sizes. */
class ReverseModeShapeTest {
    private final Model model;
    private final Adjoints adjoints;
    private final List<Tensor> params = new ArrayList<>();

    ReverseModeShapeTest() throws IOException {
        Path path = Path.of("derivations/ch5-bp.nabla");
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(new SourceFile(path.toString(), Files.readString(path)), diags);
        assertNotNull(program, diags::render);
        model = new Model(program);
        DefinitionSymbol e = (DefinitionSymbol) program.symbol("E");
        adjoints = model.reverseMode().adjoints(Ir.access(model.lowering().tensor("E"), model.lowering().indices(e)));
        for (String name : List.of("v", "gamma", "w", "theta")) {
            params.add(model.lowering().tensor(name));
        }
    }

    private String program(String... of) {
        List<Tensor> wanted = new ArrayList<>();
        for (String name : of) {
            wanted.add(model.lowering().tensor(name));
        }
        return adjoints.programFor(wanted).stream().map(Printer::print).collect(Collectors.joining("\n"));
    }

    @Test
    void theOutputLayerAdjointsReadAsTheBookWritesThem() {
        assertEquals("dE_dyhat[j] = yhat[j] - y[j]\n"
                + "dE_dbeta[j] = dE_dyhat[j] * yhat[j] * (1 - yhat[j])\n"
                + "dE_dtheta[j] = -dE_dbeta[j]", program("theta"));
    }

    @Test
    void theHiddenLayerAdjointsUseTheOutputLayersByName() {
        assertEquals("dE_dyhat[j] = yhat[j] - y[j]\n"
                + "dE_dbeta[j] = dE_dyhat[j] * yhat[j] * (1 - yhat[j])\n"
                + "dE_dw[h, j] = b[h] * dE_dbeta[j]\n"
                + "dE_db[h] = sum(j, dE_dbeta[j] * w[h, j])\n"
                + "dE_dalpha[h] = b[h] * (1 - b[h]) * dE_db[h]\n"
                + "dE_dgamma[h] = -dE_dalpha[h]\n"
                + "dE_dv[i, h] = dE_dalpha[h] * x[i]", program("gamma", "v", "w"));
    }

    @Test
    void oneAdjointProgramMatchesCentralDifferencesAtEverySize() {
        Random r = new Random(20240917);
        Tensor e = model.lowering().tensor("E");
        List<Tensor> leaves = new ArrayList<>();
        for (LeafSymbol l : model.lowering().program().leaves()) {
            leaves.add(model.lowering().tensor(l.name()));
        }
        List<Dim> dims = new ArrayList<>(model.lowering().dims().values());
        int sizesSeen = 0;
        for (int trial = 0; trial < 8; trial++) {
            Instance at = Points.random(r, dims, leaves, 5, 1.5);
            for (Tensor p : params) {
                Tensor adjoint = adjoints.byVariable().get(p);
                List<Index> slots = new ArrayList<>();
                for (int k = 0; k < p.rank(); k++) {
                    slots.add(new Index("s" + k, p.shape().get(k)));
                }
                Evaluator.Value symbolic = new Evaluator(model.graph(), at).evaluate(Ir.access(adjoint, slots), slots);
                for (int k = 0; k < symbolic.size(); k++) {
                    Points.Difference cd = Points.central(model.graph(), at, Ir.access(e, List.of()), p, k, 1e-6);
                    double s = symbolic.values()[k];
                    assertTrue(Math.abs(s - cd.value()) <= 1e-6 * Math.abs(s) + cd.uncertainty() + 1e-9,
                            () -> "dE/d" + p + "[" + symbolic.assignment(0) + "] at sizes " + at.sizes() + ": " + s
                                    + " vs " + cd);
                }
            }
            sizesSeen++;
        }
        assertEquals(8, sizesSeen);
        for (Definition d : adjoints.definitions()) {
            Expr body = d.body();
            assertTrue(d.indices().containsAll(body.freeIndices()), d::toString);
        }
    }
}
