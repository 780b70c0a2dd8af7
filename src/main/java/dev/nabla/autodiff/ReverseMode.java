package dev.nabla.autodiff;

import dev.nabla.ir.Children;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fresh;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import dev.nabla.simplify.Simplifier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolic reverse mode over indexed programs with symbolic sizes. From a function F it walks
 * the definitions F depends on in reverse topological order and derives the adjoint of every
 * node and leaf as an indexed expression:
 * <pre>  adj_Z[K] += sum(J_Y, adj_Y[J_Y] * ∂body_Y/∂Z[K])   for every definition Y[J_Y] = body_Y using Z</pre>
 * The local partial brings Kronecker deltas, which the simplifier eliminates by substitution,
 * so {@code sum(i, v[i, h] * x[i])} gives {@code x[i]} back, for every size. Each adjoint is
 * appended to the graph as a named definition, and later adjoints use earlier ones by name:
 * the result is backpropagation, derived.
 */
public final class ReverseMode {
    private final Graph graph;
    private final Set<String> reserved;
    private final Map<Expr, Adjoints> cache = new HashMap<>();
    private final Map<Tensor, Adjoints> passByAdjoint = new HashMap<>();
    private final Map<Expr, Expr> expanded = new IdentityHashMap<>();
    private final Map<Expr, Expr> namedOutputs = new HashMap<>();
    private int definitionsSeen;
    private int anonymous;

    public ReverseMode(Graph graph) {
        this(graph, Set.of());
    }

    /**
     * @param reserved names adjoints must not take besides those already in the graph: every
     *                 name of the source program, including definitions not yet added and dims,
     *                 so that an adjoint never clashes with a name the user wrote
     */
    public ReverseMode(Graph graph, Set<String> reserved) {
        this.graph = graph;
        this.reserved = Set.copyOf(reserved);
    }

    public Graph graph() {
        return graph;
    }

    /** e with every {@code diff(F, X[k...])} replaced by an access of F's adjoint tensor for X. */
    public Expr expand(Expr e) {
        Expr done = expanded.get(e);
        if (done != null) {
            return done;
        }
        Expr r;
        if (e instanceof Expr.Diff) {
            Expr.Diff d = (Expr.Diff) e;
            Adjoints adjoints = adjoints(expand(d.function()));
            Tensor adjoint = adjoints.byVariable().get(d.variable());
            if (adjoint == null) {
                r = Ir.ZERO;
            } else {
                List<Subscript> subs = new ArrayList<>(adjoints.outer());
                subs.addAll(d.at());
                r = Ir.access(adjoint, subs);
            }
        } else {
            List<Expr> children = new ArrayList<>();
            boolean changed = false;
            for (Expr c : Children.of(e)) {
                Expr x = expand(c);
                children.add(x);
                changed |= x != c;
            }
            r = changed ? Children.with(e, children) : e;
        }
        expanded.put(e, r);
        return r;
    }

    /** The adjoint program of a function (diff-free), computed once per function. */
    public Adjoints adjoints(Expr function) {
        Adjoints known = cache.get(function);
        if (known == null) {
            known = new Pass(function).run();
            cache.put(function, known);
            for (Definition d : known.definitions()) {
                passByAdjoint.put(d.tensor(), known);
            }
        }
        return known;
    }

    /** The adjoint program a tensor was derived in, or null if reverse mode did not make it. */
    public Adjoints passOf(Tensor adjoint) {
        return passByAdjoint.get(adjoint);
    }

    /**
     * The adjoints of other passes that a part of {@code adjoints}' program uses by name or
     * differentiates with respect to, and those they use in turn, dependencies first: what the
     * {@code diff}s inside forward definitions stand for.
     */
    public List<Definition> support(Adjoints adjoints, List<Definition> program) {
        Set<Tensor> own = new HashSet<>();
        for (Definition d : program) {
            own.add(d.tensor());
        }
        List<Tensor> work = new ArrayList<>();
        for (Map.Entry<Tensor, Tensor> e : adjoints.byVariable().entrySet()) {
            if (own.contains(e.getValue())) {
                work.add(e.getKey());
            }
        }
        for (Definition d : program) {
            work.addAll(Tensors.referenced(d.body()));
        }
        Set<Tensor> needed = new HashSet<>();
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            if (!own.contains(t) && passByAdjoint.containsKey(t) && needed.add(t)) {
                work.addAll(Tensors.referenced(graph.definition(t).body()));
                // and what its pass differentiates, so that the pass can be named by its function
                work.addAll(Tensors.referenced(passByAdjoint.get(t).function()));
            }
        }
        List<Definition> out = new ArrayList<>();
        for (Definition d : graph.definitions()) {
            if (needed.contains(d.tensor())) {
                out.add(d);
            }
        }
        return out;
    }

    /** One reverse sweep from one function. */
    private final class Pass {
        private final Expr function;
        private final List<Index> outer;
        private final Set<String> outerNames = new HashSet<>();
        private final String functionName;
        /** F's own tensor when F is a plain access of one: its adjoint is a delta, propagated inline. */
        private final Tensor root;
        private final Map<Tensor, List<Index>> slots = new HashMap<>();
        private final Map<Tensor, List<Expr>> pending = new LinkedHashMap<>();
        private final Map<Tensor, Tensor> result = new LinkedHashMap<>();
        private final List<Definition> emitted = new ArrayList<>();
        /** The adjoint of F's own tensor, a delta, kept out of {@link Readability}: nothing reads better through it. */
        private Definition rootAdjoint;
        private final Set<String> names = new HashSet<>();
        private int internal;

        Pass(Expr function) {
            this.function = function;
            this.outer = new ArrayList<>(function.freeIndices());
            for (Index i : outer) {
                outerNames.add(i.name());
            }
            this.root = plainAccess(function) ? ((Expr.Access) function).tensor() : null;
            names.addAll(reserved);
            for (Tensor t : graph.tensors()) {
                names.add(t.name());
            }
            this.functionName = root != null ? root.name() : anonymousName();
        }

        /** F1, F2, ... for a function that is not a node: a name no tensor has, so dF1_dw is unambiguous. */
        private String anonymousName() {
            String name;
            do {
                name = "F" + (++anonymous);
            } while (names.contains(name));
            return name;
        }

        /**
         * dF_dz, or when an earlier pass took that name dF_dz_2, dF_dz_3, ...: a number run
         * into the name would misname the variable ({@code dF_dw5} becoming {@code dF_dw6}).
         */
        private String adjointName(Tensor z) {
            String name = "d" + functionName + "_d" + z.name();
            return names.contains(name) ? Fresh.name(name + "_2", names) : name;
        }

        Adjoints run() {
            List<Definition> order = new ArrayList<>();
            Set<Tensor> reach = reachable(function);
            for (Definition d : graph.definitions()) {
                if (reach.contains(d.tensor())) {
                    order.add(d);
                }
            }
            Collections.reverse(order);
            Map<Tensor, Integer> lastUse = new HashMap<>();
            for (int n = 0; n < order.size(); n++) {
                for (Tensor z : Tensors.referenced(order.get(n).body())) {
                    lastUse.put(z, n);
                }
            }
            for (Tensor z : Tensors.referenced(function)) {
                contribute(z, function, Map.of(), Ir.ONE, List.of());
            }
            finishLeaves(lastUse, -1);
            for (int n = 0; n < order.size(); n++) {
                Definition y = order.get(n);
                Expr adjointOfY = finish(y.tensor());
                if (adjointOfY != null) {
                    propagate(y, adjointOfY);
                }
                finishLeaves(lastUse, n);
            }
            Set<Tensor> ofLeaves = new HashSet<>();
            for (Map.Entry<Tensor, Tensor> e : result.entrySet()) {
                if (e.getKey().isLeaf()) {
                    ofLeaves.add(e.getValue());
                }
            }
            List<Definition> program = new ArrayList<>();
            if (rootAdjoint != null) {
                program.add(rootAdjoint);
            }
            program.addAll(Readability.tidy(emitted, ofLeaves));
            for (Definition d : program) {
                graph.define(d);
            }
            return new Adjoints(function, List.copyOf(outer), Collections.unmodifiableMap(result), program);
        }

        /** Pushes adj_Y (over Y's internal slots) through Y's definition to every tensor its body uses. */
        private void propagate(Definition y, Expr adjointOfY) {
            Map<Index, Subscript> rename = new HashMap<>();
            Map<Index, Subscript> seedRename = new HashMap<>();
            List<Index> own = new ArrayList<>();
            Set<String> taken = new HashSet<>(outerNames);
            for (int t = 0; t < y.indices().size(); t++) {
                Index i = y.indices().get(t);
                Index fresh = Fresh.index(i, taken);
                taken.add(fresh.name());
                own.add(fresh);
                rename.put(i, fresh);
                seedRename.put(slotsOf(y.tensor()).get(t), fresh);
            }
            Expr seed = Substitution.apply(adjointOfY, seedRename);
            for (Tensor z : Tensors.referenced(y.body())) {
                contribute(z, y.body(), rename, seed, own);
            }
        }

        /**
         * pending[z] += sum(summed, seed * ∂body/∂z[K_z]), deltas eliminated. The partial is
         * taken of the body as defined, so that calls are named by their forward nodes, and its
         * indices are renamed afterwards to {@code summed}, apart from F's.
         */
        private void contribute(Tensor z, Expr body, Map<Index, Subscript> rename, Expr seed, List<Index> summed) {
            Expr local = Substitution.apply(new LocalPartial(z, slotsOf(z), ReverseMode.this::outputName).of(body),
                    rename);
            if (local == Ir.ZERO) {
                return;
            }
            Expr term = Simplifier.simplify(Ir.sum(summed, Ir.mul(seed, local)));
            if (term != Ir.ZERO) {
                pending.computeIfAbsent(z, k -> new ArrayList<>()).add(term);
            }
        }

        private void finishLeaves(Map<Tensor, Integer> lastUse, int step) {
            for (Tensor z : new ArrayList<>(pending.keySet())) {
                if (z.isLeaf() && lastUse.getOrDefault(z, -1) == step) {
                    finish(z);
                }
            }
        }

        /**
         * Completes z's adjoint from its contributions, as an expression over z's internal slots:
         * an access of a new named adjoint tensor, or for F's own tensor the delta itself. Null if zero.
         */
        private Expr finish(Tensor z) {
            List<Expr> parts = pending.remove(z);
            if (parts == null) {
                return null;
            }
            Expr body = Simplifier.simplify(Ir.add(parts));
            if (body == Ir.ZERO) {
                return null;
            }
            List<Index> readable = readableSlots(z);
            Map<Index, Subscript> rename = new HashMap<>();
            for (int t = 0; t < readable.size(); t++) {
                rename.put(slotsOf(z).get(t), readable.get(t));
            }
            List<Dim> shape = new ArrayList<>();
            for (Index i : outer) {
                shape.add(i.dim());
            }
            shape.addAll(z.shape());
            String name = adjointName(z);
            names.add(name);
            Tensor adjoint = new Tensor(name, shape, Tensor.Kind.DEFINED);
            List<Index> indices = new ArrayList<>(outer);
            indices.addAll(readable);
            Set<String> left = new HashSet<>();
            for (Index i : indices) {
                left.add(i.name());
            }
            Definition definition = new Definition(adjoint, indices,
                    unshadowed(Substitution.apply(body, rename), left, new IdentityHashMap<>(), new IdentityHashMap<>()));
            if (z == root) {
                rootAdjoint = definition;
            } else {
                emitted.add(definition);
            }
            result.put(z, adjoint);
            if (propagatesInline(body)) {
                return body;
            }
            List<Subscript> subs = new ArrayList<>(outer);
            subs.addAll(slotsOf(z));
            return Ir.access(adjoint, subs);
        }

        /**
         * Whether later adjoints should use this one's body rather than its name: a constant
         * ({@code 1/m}) reads better inline, and a delta tying one of F's indices to a slot
         * must stay visible so the sums downstream can eliminate it instead of running over it.
         */
        private boolean propagatesInline(Expr body) {
            if (Tensors.referenced(body).isEmpty()) {
                return true;
            }
            List<Expr> factors = body instanceof Expr.Mul ? ((Expr.Mul) body).factors() : List.of(body);
            for (Expr f : factors) {
                if (f instanceof Expr.Delta && !java.util.Collections.disjoint(f.freeIndices(), outer)) {
                    return true;
                }
            }
            return false;
        }

        /** Internal index variables for z's slots while contributions accumulate; never printed. */
        private List<Index> slotsOf(Tensor z) {
            return slots.computeIfAbsent(z, t -> {
                List<Index> s = new ArrayList<>();
                for (Dim d : t.shape()) {
                    s.add(new Index("%" + (internal++), d));
                }
                return s;
            });
        }

        /** The names a reader expects for z's slots: its own, or those it is indexed by in the model. */
        private List<Index> readableSlots(Tensor z) {
            List<String> wanted = preferredNames(z);
            Set<String> taken = new HashSet<>(outerNames);
            List<Index> out = new ArrayList<>();
            for (int t = 0; t < z.rank(); t++) {
                String name = Fresh.name(wanted.get(t), taken);
                taken.add(name);
                out.add(new Index(name, z.shape().get(t)));
            }
            return out;
        }
    }

    /**
     * e with each sum whose index is named like a definition's index re-bound to a fresh name:
     * {@code dE_dw[i, l in q] = sum(l, w[i, l])} would read as depending on l.
     */
    private static Expr unshadowed(Expr e, Set<String> left, Map<Expr, Expr> memo, Map<Expr, Set<String>> bound) {
        if (Collections.disjoint(boundNames(e, bound), left)) {
            return e;
        }
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        Expr r;
        if (e instanceof Expr.Sum) {
            Index index = ((Expr.Sum) e).index();
            Expr body = unshadowed(((Expr.Sum) e).body(), left, memo, bound);
            if (left.contains(index.name())) {
                Set<String> taken = new HashSet<>(left);
                taken.addAll(boundNames(body, bound));
                body.freeIndices().forEach(i -> taken.add(i.name()));
                Index fresh = Fresh.index(index, taken);
                r = Ir.sum(fresh, Substitution.rename(body, index, fresh));
            } else {
                r = Ir.sum(index, body);
            }
        } else {
            List<Expr> children = new ArrayList<>();
            for (Expr c : Children.of(e)) {
                children.add(unshadowed(c, left, memo, bound));
            }
            r = Children.with(e, children);
        }
        memo.put(e, r);
        return r;
    }

    /** The names of the indices that sums inside e bind. */
    private static Set<String> boundNames(Expr e, Map<Expr, Set<String>> memo) {
        Set<String> known = memo.get(e);
        if (known != null) {
            return known;
        }
        Set<String> out = new HashSet<>();
        if (e instanceof Expr.Sum) {
            out.add(((Expr.Sum) e).index().name());
        }
        for (Expr c : Children.of(e)) {
            out.addAll(boundNames(c, memo));
        }
        memo.put(e, out);
        return out;
    }

    private static boolean plainAccess(Expr f) {
        if (!(f instanceof Expr.Access) || ((Expr.Access) f).tensor().isLeaf()) {
            return false;
        }
        List<Subscript> subs = ((Expr.Access) f).subscripts();
        return new HashSet<>(subs).size() == subs.size() && subs.stream().allMatch(s -> s instanceof Index);
    }

    private List<String> preferredNames(Tensor z) {
        Definition own = graph.definition(z);
        List<String> names = new ArrayList<>();
        if (own != null) {
            for (Index i : own.indices()) {
                names.add(i.name());
            }
            return names;
        }
        List<Subscript> seen = firstAccess(z);
        for (int t = 0; t < z.rank(); t++) {
            Subscript s = seen == null ? null : seen.get(t);
            names.add(s instanceof Index ? ((Index) s).name() : "k");
        }
        return names;
    }

    private List<Subscript> firstAccess(Tensor z) {
        for (Definition d : graph.definitions()) {
            List<Subscript> s = findAccess(d.body(), z, Collections.newSetFromMap(new IdentityHashMap<>()));
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private static List<Subscript> findAccess(Expr e, Tensor z, Set<Expr> visited) {
        if (!visited.add(e)) {
            return null;
        }
        if (e instanceof Expr.Access && ((Expr.Access) e).tensor() == z) {
            return ((Expr.Access) e).subscripts();
        }
        for (Expr c : Children.of(e)) {
            List<Subscript> s = findAccess(c, z, visited);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** The forward node whose whole body is this call, so σ' reads {@code b[h] * (1 - b[h])}. */
    private Expr outputName(Expr call) {
        List<Definition> defs = graph.definitions();
        for (; definitionsSeen < defs.size(); definitionsSeen++) {
            Definition d = defs.get(definitionsSeen);
            // only a definition over exactly its body's free indices names the body's value: an
            // adjoint such as dF_dt[i, j] = exp(x[i]) is constant along j and would leak j
            if ((d.body() instanceof Expr.Call || d.body() instanceof Expr.Pow)
                    && new HashSet<>(d.indices()).equals(d.body().freeIndices())) {
                namedOutputs.putIfAbsent(d.body(), Ir.access(d.tensor(), d.indices()));
            }
        }
        return namedOutputs.getOrDefault(call, call);
    }

    /** Every tensor f depends on, directly or through definitions. */
    private Set<Tensor> reachable(Expr f) {
        Set<Tensor> seen = new LinkedHashSet<>();
        List<Tensor> work = new ArrayList<>(Tensors.referenced(f));
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            if (seen.add(t)) {
                Definition d = graph.definition(t);
                if (d != null) {
                    work.addAll(Tensors.referenced(d.body()));
                }
            }
        }
        return seen;
    }
}
