package dev.nabla.codegen;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.autodiff.Model;
import dev.nabla.autodiff.ReverseMode;
import dev.nabla.ir.Children;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fresh;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import dev.nabla.simplify.RewriteLogOfOnePlusExp;
import dev.nabla.simplify.RewriteLogOfSigmoid;
import dev.nabla.simplify.RewriteLogOfSoftmax;
import dev.nabla.simplify.Simplifier;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The program a trainer runs for {@code train minimize E over p1, p2, ...}: the forward definitions
 * E depends on and the adjoint definitions reverse mode derives for the variables, exactly what
 * {@code nabla grad --of E --wrt p1 p2 ...} prints. Before reverse mode the forward program goes
 * through IR-to-IR transformations, each optional but the first:
 * <ul>
 *   <li>stable forms ({@link RewriteLogOfSoftmax}, {@link RewriteLogOfSigmoid},
 *       {@link RewriteLogOfOnePlusExp}), when every
 *       variable is a leaf: they keep the function of the leaves but not which nodes it reads;</li>
 *   <li>{@link Options#batch}: every input and target, and every node that depends on them, gets a
 *       leading dim {@code N} over the samples of a minibatch, indexed by {@code n}; the per-sample
 *       objective becomes {@code E_k[n]} and the objective the batch mean
 *       {@code E = 1/N * sum(n, E_k[n])} (5.16 over the batch), so that a step size means the same
 *       as in per-sample training;</li>
 *   <li>{@link Options#lambda}: the regularised objective of 5.17,
 *       {@code E = lambda * E_data + (1 - lambda) * (sum of p^2 over every element of every variable)}.</li>
 * </ul>
 * The adjoint program is then derived by reverse mode on the transformed graph, once.
 */
public final class TrainingProgram {
    /**
     * @param batch  whether to batch a per-sample program over a leading dim of samples
     * @param lambda the trade-off of 5.17 in [0, 1], or null for no penalty
     */
    public record Options(boolean batch, BigFraction lambda) {
        public static final Options NONE = new Options(false, null);

        public Options {
            if (lambda != null && (lambda.compareTo(BigFraction.ZERO) < 0 || lambda.compareTo(BigFraction.ONE) > 0)) {
                throw new IllegalArgumentException("lambda must lie in [0, 1], not " + lambda);
            }
        }
    }

    private final Model model;
    private final Graph graph;
    private final ReverseMode reverseMode;
    private final Tensor objective;
    private final List<Tensor> variables;
    private final Adjoints adjoints;
    private final List<Definition> forward;
    private final List<Definition> backward;
    private final List<Dim> dims;
    private final Dim batchDim;
    private final Map<Tensor, Tensor> origin;

    private TrainingProgram(Model model, Graph graph, ReverseMode reverseMode, Tensor objective,
                            List<Tensor> variables, List<Dim> dims, Dim batchDim, Map<Tensor, Tensor> origin) {
        this.model = model;
        this.graph = graph;
        this.reverseMode = reverseMode;
        this.objective = objective;
        this.variables = List.copyOf(variables);
        this.dims = List.copyOf(dims);
        this.batchDim = batchDim;
        this.origin = origin;
        this.adjoints = reverseMode.adjoints(Ir.access(objective, List.of()));
        this.forward = reachableDefinitions(graph, objective);
        this.backward = adjoints.programFor(this.variables);
    }

    /** The training program of a checked program's {@code train} statement, which it must have. */
    public static TrainingProgram of(Program program, Options options) {
        if (program.train() == null) {
            throw new IllegalArgumentException(program.source().name() + " has no train statement");
        }
        Model model = new Model(program);
        List<Tensor> variables = new ArrayList<>();
        for (Ast.Name p : program.train().parameters()) {
            variables.add(model.lowering().tensor(p.text()));
        }
        return derive(model, model.lowering().tensor(program.train().objective().text()), variables, options);
    }

    /**
     * Derives the training program of a scalar defined objective of the model.
     *
     * @param variables the tensors to differentiate with respect to, in the train statement's order
     */
    public static TrainingProgram derive(Model model, Tensor objective, List<Tensor> variables, Options options) {
        if (objective.isLeaf() || objective.rank() != 0) {
            throw new IllegalArgumentException("the objective " + objective + " must be a scalar definition");
        }
        Graph source = model.graph();
        List<Definition> reachable = reachableDefinitions(source, objective);
        boolean leavesOnly = variables.stream().allMatch(Tensor::isLeaf);
        Map<Tensor, Definition> rewritten = new LinkedHashMap<>();
        boolean changed = false;
        Simplifier stable = new Simplifier(List.of(new RewriteLogOfSoftmax(rewritten::get),
                new RewriteLogOfSigmoid(rewritten::get), new RewriteLogOfOnePlusExp()));
        Set<Definition> differentiated = new HashSet<>(reachable);
        // every definition comes along, for the values of outputs; only those the objective reads are rewritten
        for (Definition d : source.definitions()) {
            Expr body = leavesOnly && differentiated.contains(d) ? stable.apply(d.body()) : d.body();
            changed |= body != d.body();
            rewritten.put(d.tensor(), new Definition(d.tensor(), d.indices(), body));
        }
        List<Dim> dims = new ArrayList<>(model.lowering().dims().values());
        if (!changed && !options.batch() && options.lambda() == null) {
            return new TrainingProgram(model, source, model.reverseMode(), objective, variables, dims, null,
                    identity(source));
        }
        return new Builder(model, objective, variables, rewritten, dims).build(options);
    }

    private static Map<Tensor, Tensor> identity(Graph g) {
        Map<Tensor, Tensor> out = new IdentityHashMap<>();
        for (Tensor t : g.tensors()) {
            out.put(t, t);
        }
        return out;
    }

    /** The definitions f depends on, in the graph's order (dependencies first), f's own last. */
    private static List<Definition> reachableDefinitions(Graph g, Tensor f) {
        Set<Tensor> seen = new HashSet<>();
        List<Tensor> work = new ArrayList<>(List.of(f));
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            Definition d = g.definition(t);
            if (d != null && seen.add(t)) {
                work.addAll(Tensors.referenced(d.body()));
            }
        }
        List<Definition> out = new ArrayList<>();
        for (Definition d : g.definitions()) {
            if (seen.contains(d.tensor())) {
                out.add(d);
            }
        }
        return out;
    }

    /** Builds the transformed graph: leaves, rewritten (and batched) definitions, the new objective. */
    private static final class Builder {
        private final Model model;
        private final Tensor objective;
        private final List<Tensor> variables;
        private final Map<Tensor, Definition> definitions;
        private final List<Dim> dims;
        private final Graph graph = new Graph();
        private final Map<Tensor, Tensor> replaced = new IdentityHashMap<>();
        private final Map<Tensor, Tensor> origin = new IdentityHashMap<>();
        private final Set<String> names = new HashSet<>();

        Builder(Model model, Tensor objective, List<Tensor> variables, Map<Tensor, Definition> definitions,
                List<Dim> dims) {
            this.model = model;
            this.objective = objective;
            this.variables = variables;
            this.definitions = definitions;
            this.dims = new ArrayList<>(dims);
            names.addAll(model.lowering().program().symbols().keySet());
            for (Tensor t : model.graph().tensors()) {
                names.add(t.name());
            }
        }

        TrainingProgram build(Options options) {
            Dim batchDim = null;
            Index n = null;
            if (options.batch()) {
                Set<String> dimNames = new HashSet<>(names);
                batchDim = new Dim(Fresh.name("N", dimNames));
                names.add(batchDim.name());
                dims.add(batchDim);
                n = new Index(Fresh.name("n", indexNames()), batchDim);
            }
            for (Tensor t : model.graph().tensors()) {
                if (t.isLeaf()) {
                    boolean data = t.kind() == Tensor.Kind.INPUT || t.kind() == Tensor.Kind.TARGET;
                    Tensor leaf = n != null && data ? prepended(t, t.name(), batchDim) : t;
                    graph.addLeaf(leaf);
                    track(t, leaf);
                }
            }
            for (Definition d : definitions.values()) {
                boolean last = d.tensor() == objective;
                Expr body = n != null ? batched(d.body(), n, new IdentityHashMap<>()) : d.body();
                boolean perSample = n != null && body.freeIndices().contains(n);
                String name = d.tensor().name();
                if (last && (perSample || options.lambda() != null)) {
                    name = fresh(name + (perSample ? "_k" : "_data"));
                }
                Tensor t = perSample ? prepended(d.tensor(), name, batchDim)
                        : name.equals(d.tensor().name()) ? d.tensor()
                        : new Tensor(name, d.tensor().shape(), Tensor.Kind.DEFINED);
                List<Index> indices = new ArrayList<>();
                if (perSample) {
                    indices.add(n);
                }
                indices.addAll(d.indices());
                graph.define(new Definition(t, indices, body));
                track(d.tensor(), t);
            }
            Tensor inner = replaced.get(objective);
            Expr e = inner.rank() == 1 ? Ir.mul(Ir.pow(Ir.dimSize(batchDim), -1), Ir.sum(n, Ir.access(inner, n)))
                    : Ir.access(inner, List.of());
            if (options.lambda() != null) {
                e = Ir.add(Ir.mul(Ir.constant(options.lambda()), e),
                        Ir.mul(Ir.constant(BigFraction.ONE.subtract(options.lambda())), penalty()));
            }
            Tensor top = objective;
            if (inner != objective) {
                top = new Tensor(objective.name(), List.of(), Tensor.Kind.DEFINED);
                graph.define(new Definition(top, List.of(), e));
                origin.put(top, objective);
            }
            ReverseMode reverseMode = new ReverseMode(graph, names);
            List<Tensor> wrt = new ArrayList<>();
            for (Tensor v : variables) {
                wrt.add(replaced.getOrDefault(v, v));
            }
            return new TrainingProgram(model, graph, reverseMode, top, wrt, dims, batchDim, origin);
        }

        private void track(Tensor from, Tensor to) {
            replaced.put(from, to);
            origin.put(to, from);
        }

        private String fresh(String wanted) {
            String name = Fresh.name(wanted, names);
            names.add(name);
            return name;
        }

        /** The sum of squares of every element of every variable: the penalty of 5.17. */
        private Expr penalty() {
            List<Expr> terms = new ArrayList<>();
            for (Tensor v : variables) {
                Tensor p = replaced.getOrDefault(v, v);
                List<Index> at = new ArrayList<>();
                for (int k = 0; k < p.rank(); k++) {
                    at.add(new Index("i" + (k + 1), p.shape().get(k)));
                }
                terms.add(Ir.sum(at, Ir.pow(Ir.access(p, at), 2)));
            }
            return Ir.add(terms);
        }

        private static Tensor prepended(Tensor t, String name, Dim first) {
            List<Dim> shape = new ArrayList<>();
            shape.add(first);
            shape.addAll(t.shape());
            return new Tensor(name, shape, t.kind());
        }

        /** e with every access of a batched tensor given the sample index n first. */
        private Expr batched(Expr e, Index n, Map<Expr, Expr> memo) {
            Expr done = memo.get(e);
            if (done != null) {
                return done;
            }
            Expr r;
            if (e instanceof Expr.Access) {
                Expr.Access a = (Expr.Access) e;
                Tensor t = replaced.getOrDefault(a.tensor(), a.tensor());
                if (t.rank() == a.tensor().rank()) {
                    r = Ir.access(t, a.subscripts());
                } else {
                    List<Subscript> subs = new ArrayList<>();
                    subs.add(n);
                    subs.addAll(a.subscripts());
                    r = Ir.access(t, subs);
                }
            } else {
                List<Expr> children = new ArrayList<>();
                for (Expr c : Children.of(e)) {
                    children.add(batched(c, n, memo));
                }
                r = Children.with(e, children);
            }
            memo.put(e, r);
            return r;
        }

        /** Every index name the definitions use, free or bound: the sample index must capture none. */
        private Set<String> indexNames() {
            Set<String> out = new HashSet<>();
            Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Definition d : definitions.values()) {
                d.indices().forEach(i -> out.add(i.name()));
                collectIndexNames(d.body(), out, seen);
            }
            return out;
        }

        private static void collectIndexNames(Expr e, Set<String> out, Set<Expr> seen) {
            if (!seen.add(e)) {
                return;
            }
            e.freeIndices().forEach(i -> out.add(i.name()));
            if (e instanceof Expr.Sum) {
                out.add(((Expr.Sum) e).index().name());
            }
            for (Expr c : Children.of(e)) {
                collectIndexNames(c, out, seen);
            }
        }
    }

    public Model model() {
        return model;
    }

    /** The graph the program lives in: the model's own, or the transformed copy. */
    public Graph graph() {
        return graph;
    }

    public ReverseMode reverseMode() {
        return reverseMode;
    }

    /** The scalar objective the trainer minimises (after batching and regularisation). */
    public Tensor objective() {
        return objective;
    }

    /** The variables, in the train statement's order (batched where they are data). */
    public List<Tensor> variables() {
        return variables;
    }

    public Adjoints adjoints() {
        return adjoints;
    }

    /** The forward definitions the objective depends on, dependencies first, the objective last. */
    public List<Definition> forward() {
        return forward;
    }

    /**
     * The definitions of the formula file's own nodes, in order, with what they need first: the
     * values a trainer can report ({@code yhat}, {@code p}), batched where the program is (the
     * objective's per-sample values are then {@code E_k}).
     */
    public List<Definition> outputs() {
        List<Definition> out = new ArrayList<>();
        for (Definition d : graph.definitions()) {
            Tensor o = origin(d.tensor());
            if (o != null && model.lowering().program().symbol(o.name()) instanceof dev.nabla.sema.DefinitionSymbol) {
                out.add(d);
            }
        }
        return out;
    }

    /** The adjoint definitions of the variables and every adjoint they use, as {@code grad} prints them. */
    public List<Definition> backward() {
        return backward;
    }

    /** The adjoint tensor of a variable, or null where the objective does not depend on it. */
    public Tensor adjointOf(Tensor variable) {
        return adjoints.byVariable().get(variable);
    }

    /** The tensor whose adjoint {@code adjoint} is, or null. */
    public Tensor variableOf(Tensor adjoint) {
        for (Map.Entry<Tensor, Tensor> e : adjoints.byVariable().entrySet()) {
            if (e.getValue() == adjoint) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Every dim, in declaration order, the batch dim last. */
    public List<Dim> dims() {
        return dims;
    }

    /** The dim of the minibatch's samples, or null when the program is not batched. */
    public Dim batchDim() {
        return batchDim;
    }

    /** The name of the batch dim, whose size is the number of samples per minibatch, or null. */
    public String batchDimName() {
        return batchDim == null ? null : batchDim.name();
    }

    /** The tensor of the source model a tensor of this program was made from, or null for one made here. */
    public Tensor origin(Tensor t) {
        return origin.get(t);
    }

    /** The leaves of the graph, of the given kinds, in declaration order. */
    public List<Tensor> leaves(Set<Tensor.Kind> kinds) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf() && kinds.contains(t.kind())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Whether a forward definition's body differs from the model's (a stable form, a batch dim). */
    public boolean transformed(Definition d) {
        Tensor o = origin(d.tensor());
        Definition before = o == null ? null : model.graph().definition(o);
        return before == null || before.body() != d.body();
    }
}
