package dev.nabla.report;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The computation graph (DOT and its SVG layout) and the loss plot. */
class ReportTest {
    private static ComputationGraph graph(String file) {
        Program program = Frontend.load(Path.of(file), new Diagnostics());
        assertNotNull(program);
        Model model = new Model(program);
        List<AdjointListing> listings = new ArrayList<>();
        for (DefinitionSymbol o : HtmlReport.objectives(program)) {
            listings.add(AdjointListing.derive(model, o, HtmlReport.variables(program, model)));
        }
        return ComputationGraph.of(model, listings);
    }

    @Test
    void theGraphHasTheForwardNodesAndTheirAdjoints() {
        ComputationGraph g = graph("derivations/ch5-bp.nabla");
        long leaves = g.nodes().stream().filter(n -> n.kind() == ComputationGraph.Kind.LEAF).count();
        long nodes = g.nodes().stream().filter(n -> n.kind() == ComputationGraph.Kind.NODE).count();
        long adjoints = g.nodes().stream().filter(n -> n.kind() == ComputationGraph.Kind.ADJOINT).count();
        assertEquals(List.of(6L, 7L, 8L), List.of(leaves, nodes, adjoints));
        String dot = g.dot("ch5-bp");
        assertTrue(dot.startsWith("digraph \"ch5-bp\" {\n  rankdir=LR;\n"), dot);
        assertTrue(dot.contains("  \"x\" [label=\"x\", shape=ellipse];\n"), dot);
        assertTrue(dot.contains("  \"dE_dw\" [label=\"∂E/∂w\", style=filled, fillcolor=\"#fde7c8\"];\n"), dot);
        assertTrue(dot.contains("  \"b\" -> \"dE_dw\";\n  \"dE_dbeta\" -> \"dE_dw\";\n"), dot);
        // layers by depth: x, alpha, b, beta, yhat, then ∂E/∂yhat after E's inputs
        assertEquals(List.of(0, 1, 2, 3, 4, 5), List.of("x", "alpha", "b", "beta", "yhat", "dE_dyhat").stream()
                .map(id -> g.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow().layer()).toList());
    }

    @Test
    void aTrainersRewrittenForwardTensorsStillConnectToTheirAdjoints() {
        // ch5-softmax's objective is rewritten to a stable log-softmax, in a copy of the graph
        ComputationGraph g = graph("derivations/ch5-softmax.nabla");
        assertTrue(g.edges().stream().anyMatch(e -> e.from().id().equals("b") && e.to().id().equals("dE_dw")),
                g.dot("ch5-softmax"));
    }

    @Test
    void theSvgLayoutPlacesEveryNodeApartInsideThePicture() {
        for (String f : List.of("derivations/ch5-bp.nabla", "derivations/ch3-linear-models.nabla",
                "derivations/ch5-neuron.nabla")) {
            ComputationGraph g = graph(f);
            String svg = g.svg();
            Matcher size = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
            assertTrue(size.find(), svg);
            int width = Integer.parseInt(size.group(1));
            int height = Integer.parseInt(size.group(2));
            Matcher rect = Pattern.compile("<rect x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(svg);
            Set<String> places = new HashSet<>();
            int rects = 0;
            while (rect.find()) {
                rects++;
                int x = Integer.parseInt(rect.group(1));
                int y = Integer.parseInt(rect.group(2));
                assertTrue(x >= 0 && y >= 0 && x + Integer.parseInt(rect.group(3)) <= width
                        && y + Integer.parseInt(rect.group(4)) <= height, f + ": a node outside the picture");
                assertTrue(places.add(x + "," + y), f + ": two nodes in one place");
            }
            assertEquals(g.nodes().size(), rects, f);
            assertEquals(g.edges().size(), svg.split("marker-end=", -1).length - 1, f);
        }
    }

    @Test
    void theLossPlotDrawsBothLossesPerEpoch() {
        LossPlot plot = LossPlot.parse("restart,epoch,updates,loss,validation_loss,eta\n"
                + "1,1,2,0.5,0.6,1.0\n1,2,4,0.25,0.5,1.0\n2,1,6,0.125,,1.0\n");
        assertEquals(3, plot.epochs());
        String svg = plot.svg();
        assertTrue(svg.contains("<path class=\"training\" d=\"M64.0,56.7 L344.0,158.3 L624.0,209.2\""), svg);
        assertTrue(svg.contains("<path class=\"validation\" d=\"M64.0,16.0 L344.0,56.7\""), svg);
        assertTrue(svg.contains(">validation loss</text>"), svg);
    }

    @Test
    void aFileThatIsNoHistoryIsSaidSo() {
        assertEquals("not a training history: it has no 'loss' column",
                assertThrows(IllegalArgumentException.class, () -> LossPlot.parse("a,b\n1,2\n")).getMessage());
        assertEquals("line 2: 'x' is not a number",
                assertThrows(IllegalArgumentException.class, () -> LossPlot.parse("epoch,loss\n1,x\n")).getMessage());
        assertEquals("the training history has no epochs",
                assertThrows(IllegalArgumentException.class, () -> LossPlot.parse("epoch,loss\n")).getMessage());
    }
}
