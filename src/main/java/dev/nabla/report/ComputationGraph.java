package dev.nabla.report;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.autodiff.Model;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import dev.nabla.sema.Symbol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file's computation graph for people: its leaves and definitions, and the adjoints reverse
 * mode derived for its objectives, with an edge from every tensor to each one whose body uses
 * it. Printed as DOT ({@code nabla graph}) or laid out as an inline SVG: layered by depth
 * (leaves first, each node one layer after the deepest tensor it uses), each layer ordered by
 * where its inputs sit, so that edges mostly run straight.
 */
public final class ComputationGraph {
    /** One tensor: {@code label} is how it reads ({@code ∂E/∂w} for an adjoint). */
    public record Node(String id, String label, Kind kind, int layer) {
    }

    public enum Kind { LEAF, NODE, ADJOINT }

    public record Edge(Node from, Node to) {
    }

    /** By tensor name: a trainer's program copies the forward tensors that it rewrites, under their names. */
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    /** The forward graph of the model's own names, and the adjoints of the given listings. */
    public static ComputationGraph of(Model model, List<AdjointListing> listings) {
        ComputationGraph g = new ComputationGraph();
        List<Definition> defined = new ArrayList<>();
        Map<String, String> adjointLabels = new HashMap<>();
        for (Tensor t : model.graph().tensors()) {
            Symbol s = model.lowering().program().symbol(t.name());
            if (s != null && model.lowering().tensor(t.name()) == t) {
                if (t.isLeaf()) {
                    g.nodes.put(t.name(), new Node(t.name(), t.name(), Kind.LEAF, 0));
                } else {
                    defined.add(model.graph().definition(t));
                }
            }
        }
        for (AdjointListing listing : listings) {
            Adjoints own = listing.adjoints();
            String f = listing.functionName();
            for (Map.Entry<Tensor, Tensor> e : own.byVariable().entrySet()) {
                adjointLabels.put(e.getValue().name(), "∂" + f + "/∂" + e.getKey().name());
            }
            for (AdjointListing.Section s : listing.sections()) {
                if (s.pass() == own) {
                    defined.addAll(s.definitions());
                }
            }
        }
        // definitions come dependencies first, so every input has its layer already
        for (Definition d : defined) {
            if (g.nodes.containsKey(d.tensor().name())) {
                continue;
            }
            int layer = 0;
            List<Node> inputs = new ArrayList<>();
            for (Tensor used : Tensors.referenced(d.body())) {
                Node in = g.nodes.get(used.name());
                if (in != null) {
                    inputs.add(in);
                    layer = Math.max(layer, in.layer() + 1);
                }
            }
            String label = adjointLabels.get(d.tensor().name());
            Node n = new Node(d.tensor().name(), label != null ? label : d.tensor().name(),
                    label != null ? Kind.ADJOINT : Kind.NODE, Math.max(layer, 1));
            g.nodes.put(d.tensor().name(), n);
            for (Node in : inputs) {
                g.edges.add(new Edge(in, n));
            }
        }
        return g;
    }

    public List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    public List<Edge> edges() {
        return edges;
    }

    /** Graphviz DOT: left to right, leaves as ellipses, adjoints shaded. */
    public String dot(String name) {
        StringBuilder out = new StringBuilder("digraph ").append(quote(name)).append(" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (Node n : nodes.values()) {
            out.append("  ").append(quote(n.id())).append(" [label=").append(quote(n.label()));
            if (n.kind() == Kind.LEAF) {
                out.append(", shape=ellipse");
            } else if (n.kind() == Kind.ADJOINT) {
                out.append(", style=filled, fillcolor=\"#fde7c8\"");
            }
            out.append("];\n");
        }
        for (Edge e : edges) {
            out.append("  ").append(quote(e.from().id())).append(" -> ").append(quote(e.to().id())).append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static final int COLUMN = 150;
    private static final int ROW = 40;
    private static final int BOX_WIDTH = 110;
    private static final int BOX_HEIGHT = 26;
    private static final int MARGIN = 12;

    /** An inline SVG of the graph, layered left to right. */
    public String svg() {
        Map<Integer, List<Node>> layers = new java.util.TreeMap<>();
        for (Node n : nodes.values()) {
            layers.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
        }
        Map<Node, Integer> row = new HashMap<>();
        for (List<Node> layer : layers.values()) {
            // one barycentre sweep: a node sits near the mean row of its inputs
            Map<Node, Double> weight = new HashMap<>();
            for (int k = 0; k < layer.size(); k++) {
                Node n = layer.get(k);
                double sum = 0;
                int count = 0;
                for (Edge e : edges) {
                    if (e.to() == n && row.containsKey(e.from())) {
                        sum += row.get(e.from());
                        count++;
                    }
                }
                weight.put(n, count == 0 ? k : sum / count);
            }
            layer.sort(Comparator.comparingDouble(weight::get));
            for (int k = 0; k < layer.size(); k++) {
                row.put(layer.get(k), k);
            }
        }
        int columns = layers.size();
        int rows = layers.values().stream().mapToInt(List::size).max().orElse(0);
        int width = 2 * MARGIN + Math.max(0, columns - 1) * COLUMN + BOX_WIDTH;
        int height = 2 * MARGIN + Math.max(0, rows - 1) * ROW + BOX_HEIGHT;
        Map<Integer, Integer> column = new HashMap<>();
        for (Integer layer : layers.keySet()) {
            column.put(layer, column.size());
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", width, height, width, height));
        out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#777\"/></marker></defs>\n");
        for (Edge e : edges) {
            double x1 = MARGIN + column.get(e.from().layer()) * COLUMN + BOX_WIDTH;
            double y1 = MARGIN + row.get(e.from()) * ROW + BOX_HEIGHT / 2.0;
            double x2 = MARGIN + column.get(e.to().layer()) * COLUMN;
            double y2 = MARGIN + row.get(e.to()) * ROW + BOX_HEIGHT / 2.0;
            double bend = (x2 - x1) / 2;
            out.append(String.format(Locale.ROOT, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                            + "stroke=\"#999\" marker-end=\"url(#arrow)\"/>\n", x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2));
        }
        for (Node n : nodes.values()) {
            int x = MARGIN + column.get(n.layer()) * COLUMN;
            int y = MARGIN + row.get(n) * ROW;
            String fill = n.kind() == Kind.LEAF ? "#e8f0fb" : n.kind() == Kind.ADJOINT ? "#fde7c8" : "#ffffff";
            int radius = n.kind() == Kind.LEAF ? BOX_HEIGHT / 2 : 4;
            out.append(String.format(Locale.ROOT, "<g class=\"%s\"><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" "
                            + "height=\"%d\" rx=\"%d\" fill=\"%s\" stroke=\"#555\"/><text x=\"%d\" y=\"%d\" "
                            + "text-anchor=\"middle\" font-size=\"13\" font-family=\"sans-serif\">%s</text></g>\n",
                    n.kind().name().toLowerCase(Locale.ROOT), Html.escape(n.id()), x, y, BOX_WIDTH, BOX_HEIGHT, radius,
                    fill, x + BOX_WIDTH / 2, y + BOX_HEIGHT / 2 + 5, Html.escape(n.label())));
        }
        return out.append("</svg>").toString();
    }
}
