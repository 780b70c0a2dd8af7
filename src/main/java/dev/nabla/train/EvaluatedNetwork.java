package dev.nabla.train;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.runtime.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Network} that runs nabla's own IR evaluator on the forward definitions and on the
 * adjoint definitions reverse mode derived for the objective (the program {@code nabla grad}
 * prints): correct for every formula file the verifier accepts, and slow, since each pass
 * evaluates the graph afresh with running error bounds. It is the reference the compiled trainers
 * are measured against.
 */
public final class EvaluatedNetwork implements Network {
    /**
     * What every network of one formula file shares: the graph, the objective and its adjoints,
     * and the nodes {@link #output} gives.
     */
    public record Program(Graph graph, List<Dim> dims, Tensor objective, List<Tensor> parameters,
                          Adjoints adjoints, List<Tensor> outputs) {
        public Program {
            dims = List.copyOf(dims);
            parameters = List.copyOf(parameters);
            outputs = List.copyOf(outputs);
        }
    }

    private final Program program;
    private final Map<String, Integer> sizes;
    private final Map<String, Tensor> leaves = new LinkedHashMap<>();
    private final Map<String, double[]> values = new LinkedHashMap<>();
    private final Map<String, double[]> gradients = new LinkedHashMap<>();
    private final Instance instance;

    /** A network over {@code program} with every dim's size given. */
    public EvaluatedNetwork(Program program, Map<String, Integer> sizes) {
        this.program = program;
        Map<Dim, Integer> bound = new LinkedHashMap<>();
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (Dim d : program.dims()) {
            Integer n = sizes.get(d.name());
            if (n == null || n < 1) {
                throw new IllegalArgumentException("no size, or a size below 1, for dim " + d.name() + ": " + sizes);
            }
            bound.put(d, n);
            ordered.put(d.name(), n);
        }
        this.sizes = ordered;
        Map<Tensor, double[]> arrays = new LinkedHashMap<>();
        for (Tensor t : program.graph().tensors()) {
            if (t.isLeaf()) {
                double[] v = new double[elements(t, ordered)];
                leaves.put(t.name(), t);
                values.put(t.name(), v);
                arrays.put(t, v);
            }
        }
        for (Tensor p : program.parameters()) {
            gradients.put(p.name(), new double[values.get(p.name()).length]);
        }
        this.instance = new Instance(bound, arrays);
    }

    private static int elements(Tensor t, Map<String, Integer> sizes) {
        int n = 1;
        for (Dim d : t.shape()) {
            n = Math.multiplyExact(n, sizes.get(d.name()));
        }
        return n;
    }

    @Override
    public List<String> dims() {
        return List.copyOf(sizes.keySet());
    }

    @Override
    public int size(String dim) {
        Integer n = sizes.get(dim);
        if (n == null) {
            throw new IllegalArgumentException("no dim " + dim);
        }
        return n;
    }

    @Override
    public List<String> parameters() {
        return List.copyOf(gradients.keySet());
    }

    @Override
    public List<String> data() {
        List<String> out = new ArrayList<>();
        for (Tensor t : leaves.values()) {
            if (t.kind() == Tensor.Kind.INPUT || t.kind() == Tensor.Kind.TARGET) {
                out.add(t.name());
            }
        }
        return out;
    }

    @Override
    public int[] shape(String leaf) {
        Tensor t = leaves.get(leaf);
        if (t == null) {
            throw new IllegalArgumentException("no leaf " + leaf);
        }
        return t.shape().stream().mapToInt(d -> sizes.get(d.name())).toArray();
    }

    @Override
    public double[] values(String leaf) {
        double[] v = values.get(leaf);
        if (v == null) {
            throw new IllegalArgumentException("no leaf " + leaf);
        }
        return v;
    }

    @Override
    public List<String> outputs() {
        return program.outputs().stream().map(Tensor::name).toList();
    }

    @Override
    public double[] output(String node) {
        for (Tensor t : program.outputs()) {
            if (t.name().equals(node)) {
                return evaluate(new Evaluator(program.graph(), instance), t);
            }
        }
        throw new IllegalArgumentException("no output '" + node + "' in this network");
    }

    @Override
    public double loss() {
        return evaluate(new Evaluator(program.graph(), instance), program.objective())[0];
    }

    @Override
    public double backward() {
        Evaluator evaluator = new Evaluator(program.graph(), instance);
        double loss = evaluate(evaluator, program.objective())[0];
        for (Tensor p : program.parameters()) {
            Tensor adjoint = program.adjoints().byVariable().get(p);
            double[] g = gradients.get(p.name());
            if (adjoint == null) {
                java.util.Arrays.fill(g, 0); // the objective does not depend on p
            } else {
                System.arraycopy(evaluate(evaluator, adjoint), 0, g, 0, g.length);
            }
        }
        return loss;
    }

    /** Every element of a defined tensor, row-major over its slots. */
    private static double[] evaluate(Evaluator evaluator, Tensor t) {
        List<Index> slots = new ArrayList<>();
        for (int k = 0; k < t.rank(); k++) {
            slots.add(new Index("s" + k, t.shape().get(k)));
        }
        Expr access = Ir.access(t, slots);
        return evaluator.evaluate(access, slots).values();
    }

    @Override
    public double[] gradient(String parameter) {
        double[] g = gradients.get(parameter);
        if (g == null) {
            throw new IllegalArgumentException("no parameter " + parameter);
        }
        return g;
    }

    @Override
    public void step(double eta) {
        for (Map.Entry<String, double[]> e : gradients.entrySet()) {
            double[] p = values.get(e.getKey());
            double[] g = e.getValue();
            for (int i = 0; i < p.length; i++) {
                p[i] -= eta * g[i];
            }
        }
    }
}
