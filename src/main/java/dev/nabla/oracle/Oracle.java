package dev.nabla.oracle;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import dev.nabla.verify.RandomChecker;
import dev.nabla.verify.Verifier;
import net.jqwik.api.Arbitrary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A formula file as a test oracle for hand-written Java: random instances of it for jqwik, and
 * the value of any leaf, node or derived gradient at an instance.
 * <pre>{@code
 * Oracle oracle = Oracle.of(Path.of("derivations/ch5-bp.nabla"));
 *
 * @Provide Arbitrary<Instance> instances() { return oracle.instances(); }
 *
 * @Property void dE_dw(@ForAll("instances") Instance x) {
 *     double[][] expected = oracle.gradient("E", "w", x).matrix();
 *     ...
 * }
 * }</pre>
 * A gradient is the adjoint nabla's reverse mode derives symbolically, the one a claim's
 * {@code diff(E, w[h, j])} stands for, evaluated in double precision; not a numeric
 * difference. jqwik is needed only for {@link #instances()}. Not thread-safe.
 */
public final class Oracle {
    /** The largest size {@link #instances()} gives a dim unless {@link #maxSize} says otherwise. */
    public static final int DEFAULT_MAX_SIZE = RandomChecker.Settings.DEFAULT_MAX_SIZE;

    private final Model model;
    private final Space space;
    private final int maxSize;

    private Oracle(Model model, Space space, int maxSize) {
        this.model = model;
        this.space = space;
        this.maxSize = maxSize;
    }

    /**
     * Loads a formula file.
     *
     * @throws LoadException if it does not read, parse or resolve; the message is its diagnostics
     */
    public static Oracle of(Path file) {
        Diagnostics diags = new Diagnostics();
        return of(Frontend.load(file, diags), diags);
    }

    /** Loads formula text as if it were the file {@code name}. */
    public static Oracle of(String name, String text) {
        Diagnostics diags = new Diagnostics();
        return of(Frontend.load(new SourceFile(name, text), diags), diags);
    }

    private static Oracle of(Program program, Diagnostics diags) {
        if (program == null) {
            throw new LoadException(diags.render());
        }
        // the verifier's model, and the minimum sizes its literal positions need
        Verifier verifier = new Verifier(program, RandomChecker.Settings.defaults(1));
        Model model = verifier.model();
        return new Oracle(model, new Space(program, model.lowering(), verifier.minimumSizes()), DEFAULT_MAX_SIZE);
    }

    /** The same oracle whose {@link #instances()} draw every dim's size from its lower bound up to n. */
    public Oracle maxSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, not " + n);
        }
        return new Oracle(model, space, n);
    }

    /** The dims, leaves and definitions of the file, by name, in source order. */
    public List<String> dims() {
        return List.copyOf(space.dims().keySet());
    }

    public List<String> leaves() {
        return List.copyOf(space.leaves().keySet());
    }

    public List<String> definitions() {
        return model.lowering().program().definitions().stream().map(d -> d.name()).toList();
    }

    /**
     * Random instances: every dim's size from its lower bound (1, or the largest literal position
     * over it) to {@link #maxSize}, one size per dim shared by every leaf over it; every element
     * from its leaf's declared domain as the verifier draws it, a fixed constant at its value.
     * jqwik shrinks the sizes first, then each value towards 0, 1, −1, 0.5, 2 (those in its domain).
     */
    public Arbitrary<Instance> instances() {
        return Instances.of(space, maxSize);
    }

    /**
     * An instance at these sizes (every dim must have one) whose every element is the simplest
     * value of its leaf's domain, for {@link Instance#with} to change.
     */
    public Instance instance(Map<String, Integer> sizes) {
        Map<Dim, Integer> at = new LinkedHashMap<>();
        for (Map.Entry<String, Dim> d : space.dims().entrySet()) {
            Integer n = sizes.get(d.getKey());
            if (n == null) {
                throw new IllegalArgumentException("no size given for dim " + d.getKey());
            }
            if (n < space.lowerBound(d.getValue())) {
                throw new IllegalArgumentException("dim " + d.getKey() + " must be at least "
                        + space.lowerBound(d.getValue()) + ", not " + n);
            }
            at.put(d.getValue(), n);
        }
        for (String name : sizes.keySet()) {
            space.dim(name);
        }
        dev.nabla.ir.Instance shapes = new dev.nabla.ir.Instance(at, Map.of());
        Map<Tensor, double[]> values = new LinkedHashMap<>();
        for (Tensor leaf : space.leaves().values()) {
            double[] v = new double[shapes.elements(leaf.shape())];
            Arrays.fill(v, space.fixed(leaf) != null ? space.fixed(leaf) : Space.simplest(space.domain(leaf)));
            values.put(leaf, v);
        }
        return new Instance(space, new dev.nabla.ir.Instance(at, values));
    }

    /** The value of a leaf or definition at an instance, with the tensor's shape. */
    public TensorValue value(String name, Instance at) {
        Tensor t = tensor(name);
        List<Index> over = indices("k", t.shape());
        return evaluate(name, Ir.access(t, over), over, at);
    }

    /**
     * The derivative of a leaf or definition {@code of} with respect to a leaf or definition
     * {@code wrt}, as reverse mode derives it: its shape is {@code of}'s slots, then {@code wrt}'s
     * ({@code gradient("E", "w", x)} of a scalar E has w's shape). Zero where {@code of} does not
     * depend on {@code wrt}.
     */
    public TensorValue gradient(String of, String wrt, Instance at) {
        Tensor f = tensor(of);
        Tensor x = tensor(wrt);
        List<Index> outer = indices("o", f.shape());
        List<Index> inner = indices("k", x.shape());
        Expr derivative = model.reverseMode().expand(Ir.diff(Ir.access(f, outer), x, inner));
        List<Index> over = new ArrayList<>(outer);
        over.addAll(inner);
        return evaluate("d" + of + "/d" + wrt, derivative, over, at);
    }

    private TensorValue evaluate(String name, Expr e, List<Index> over, Instance at) {
        if (at.space() != space) {
            throw new IllegalArgumentException("an instance of another oracle: make it with this one's instances()");
        }
        Evaluator.Value v = new Evaluator(model.graph(), at.point()).evaluate(e, over);
        return new TensorValue(name, over.stream().map(i -> i.dim().name()).toList(), v.shape(), v.values());
    }

    private Tensor tensor(String name) {
        Tensor t = model.lowering().tensor(name);
        if (t == null) {
            throw new IllegalArgumentException(space.file() + " declares no leaf or definition named '" + name + "'");
        }
        return t;
    }

    /** Distinct indices over these dims, one per slot. */
    private static List<Index> indices(String prefix, List<Dim> shape) {
        List<Index> out = new ArrayList<>();
        for (int k = 0; k < shape.size(); k++) {
            out.add(new Index(prefix + (k + 1), shape.get(k)));
        }
        return out;
    }
}
