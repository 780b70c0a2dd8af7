package dev.nabla.codegen;

import dev.nabla.ir.Children;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Printer;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Cuts the definitions of a program into {@link Kernel}s, in order. Every sum becomes a kernel
 * of its own (a zero-fill and an accumulation), and so does every node that several definitions
 * or several nodes use, computed once and read by name after that (the IR is hash-consed, so a
 * shared node is one object). Numerically unsafe forms are replaced by safe ones on the way:
 * <ul>
 *   <li>{@code sum(k, exp(u))} is kept as {@code exp(M) * S} with {@code M = max(k, u)} and
 *       {@code S = sum(k, exp(u - M))}, so that {@code log(sum(k, exp(u))) = M + log(S)}
 *       (log-sum-exp) and {@code exp(u[k := j]) / sum(k, exp(u)) = exp(u[k := j] - M) / S}
 *       (softmax) never overflow;</li>
 *   <li>{@code log(1 + exp(z))} is {@code softplus(z)}.</li>
 * </ul>
 */
final class Kernels {
    private final Function<Tensor, Definition> definitions;
    private final Function<Tensor, String> javaName;
    private final Names fields;
    private final Set<Expr> shared;
    private final Set<Tensor> gradients;
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();
    private final Map<Expr, ExpSum> expSums = new IdentityHashMap<>();
    private final List<Tensor> temporaries = new ArrayList<>();
    /** For a shared node that is a definition's whole body, that definition: its storage holds the node. */
    private final Map<Expr, Definition> owners = new IdentityHashMap<>();
    private final Map<Tensor, String> computedBy = new IdentityHashMap<>();
    private List<Kernel> current;
    private String owner;

    /** A materialised {@code sum(k, exp(u))}: its maximum and its shifted sum, over the sum's free indices. */
    private record ExpSum(Expr.Sum sum, Expr max, Expr shifted) {
    }

    /**
     * @param program     every definition the kernels are cut from, in order
     * @param definitions the definition of a tensor of the program, or null
     * @param javaName    the Java name of a tensor of the program
     * @param fields      the names taken in the generated class; temporaries take theirs from it
     * @param gradients   the parameters' gradients: computed, but never read in place of their body
     */
    Kernels(List<Definition> program, Function<Tensor, Definition> definitions, Function<Tensor, String> javaName,
            Names fields, Set<Tensor> gradients) {
        this.definitions = definitions;
        this.gradients = gradients;
        this.javaName = javaName;
        this.fields = fields;
        this.shared = sharedNodes(program);
        for (Definition d : program) {
            if (shared.contains(d.body()) && new HashSet<>(d.indices()).equals(d.body().freeIndices())) {
                owners.putIfAbsent(d.body(), d);
            }
        }
    }

    /**
     * The definitions computed ahead of their turn, each by the definition that first needed its
     * body ({@code dE_dyhat[j] = yhat[j] - y[j]} by E, which sums its squares): the Java name of that one.
     */
    Map<Tensor, String> computedEarly() {
        return Collections.unmodifiableMap(computedBy);
    }

    /** The temporaries made so far, in order: each needs storage in the generated class. */
    List<Tensor> temporaries() {
        return Collections.unmodifiableList(temporaries);
    }

    /** The kernels that compute a definition: the temporaries it is the first to need, then its own. */
    List<Kernel> of(Definition d) {
        current = new ArrayList<>();
        owner = javaName.apply(d.tensor());
        Expr body = d.body();
        if (computedBy.containsKey(d.tensor())) {
            return current;
        }
        Kernel own;
        if (body instanceof Expr.Sum && expSum(body) == null) {
            List<Index> reduced = new ArrayList<>();
            Expr inner = body;
            while (inner instanceof Expr.Sum) {
                reduced.add(((Expr.Sum) inner).index());
                inner = ((Expr.Sum) inner).body();
            }
            own = new Kernel(d.tensor(), d.indices(), reduced, Kernel.Reduction.SUM, flatten(inner), null);
        } else {
            Expr value = memo.containsKey(body) ? memo.get(body) : rewrite(body, false);
            own = new Kernel(d.tensor(), d.indices(), List.of(), Kernel.Reduction.NONE, value, null);
        }
        current.add(own);
        // later uses of the same node read the definition's storage, unless it is an access anyway
        // or a gradient, which step() may take without storing it
        if (new HashSet<>(d.indices()).equals(body.freeIndices()) && !(body instanceof Expr.Access)
                && !gradients.contains(d.tensor())) {
            memo.put(body, Ir.access(d.tensor(), d.indices()));
        }
        return current;
    }

    private Expr flatten(Expr e) {
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        Expr r = rewrite(e, shared.contains(e));
        memo.put(e, r);
        return r;
    }

    /** e without sums and unsafe forms; a temporary of its own when {@code keep}. */
    private Expr rewrite(Expr e, boolean keep) {
        if (e instanceof Expr.Const || e instanceof Expr.DimSize || e instanceof Expr.Access || e instanceof Expr.Delta) {
            return e;
        }
        if (e instanceof Expr.Call && ((Expr.Call) e).fn() == Fn.LOG) {
            Expr arg = ((Expr.Call) e).arg();
            ExpSum s = expSum(arg);
            if (s != null) {
                return Ir.add(s.max(), Ir.call(Fn.LOG, s.shifted()));
            }
            Expr z = exponentOfOnePlusExp(arg);
            if (z != null) {
                return Ir.call(Fn.SOFTPLUS, flatten(z));
            }
        }
        if (e instanceof Expr.Mul) {
            Expr softmax = softmax((Expr.Mul) e);
            if (softmax != null) {
                return softmax;
            }
        }
        if (e instanceof Expr.Sum) {
            ExpSum s = expSum(e);
            if (s != null) {
                return Ir.mul(Ir.call(Fn.EXP, s.max()), s.shifted());
            }
            List<Index> reduced = new ArrayList<>();
            Expr inner = e;
            while (inner instanceof Expr.Sum) {
                reduced.add(((Expr.Sum) inner).index());
                inner = ((Expr.Sum) inner).body();
            }
            return temporary("sum", e, reduced, Kernel.Reduction.SUM, flatten(inner), Printer.print(e));
        }
        List<Expr> children = new ArrayList<>();
        for (Expr c : Children.of(e)) {
            children.add(flatten(c));
        }
        Expr r = Children.with(e, children);
        if (keep && owners.containsKey(e) && !computedBy.containsKey(owners.get(e).tensor())) {
            Definition d = owners.get(e);
            computedBy.put(d.tensor(), owner);
            current.add(new Kernel(d.tensor(), d.indices(), List.of(), Kernel.Reduction.NONE, r, Printer.print(e)));
            return Ir.access(d.tensor(), d.indices());
        }
        return keep ? temporary("common", e, List.of(), Kernel.Reduction.NONE, r, Printer.print(e)) : r;
    }

    /** A new temporary over e's free indices, computed by a kernel of its own; an access of it. */
    private Expr temporary(String what, Expr e, List<Index> reduced, Kernel.Reduction reduction, Expr value,
                           String comment) {
        List<Index> over = new ArrayList<>(e.freeIndices());
        List<Dim> shape = new ArrayList<>();
        for (Index i : over) {
            shape.add(i.dim());
        }
        Tensor t = new Tensor(fields.fresh(owner + "_" + what), shape, Tensor.Kind.DEFINED);
        temporaries.add(t);
        current.add(new Kernel(t, over, reduced, reduction, value, comment));
        return Ir.access(t, over);
    }

    /** The {@code sum(k, exp(u))} that e is, written out or as a node defined so, materialised once; else null. */
    private ExpSum expSum(Expr e) {
        Expr s = e;
        if (e instanceof Expr.Access && !((Expr.Access) e).tensor().isLeaf()) {
            Definition d = definitions.apply(((Expr.Access) e).tensor());
            if (d == null || !isExpSum(d.body())) {
                return null;
            }
            s = d.at(((Expr.Access) e).subscripts());
        }
        if (!isExpSum(s)) {
            return null;
        }
        ExpSum known = expSums.get(s);
        if (known == null) {
            Expr.Sum sum = (Expr.Sum) s;
            Expr u = flatten(((Expr.Call) sum.body()).arg());
            String u0 = Printer.print(((Expr.Call) sum.body()).arg());
            Expr max = temporary("max", s, List.of(sum.index()), Kernel.Reduction.MAX, u,
                    "the largest " + u0 + " over " + sum.index() + ", which shifts " + Printer.print(s) + " off overflow");
            Expr shifted = temporary("sumexp", s, List.of(sum.index()), Kernel.Reduction.SUM,
                    Ir.call(Fn.EXP, Ir.sub(u, max)), "sum(" + sum.index() + ", exp(" + u0 + " - " + fields(max) + "))");
            known = new ExpSum(sum, max, shifted);
            expSums.put(s, known);
        }
        return known;
    }

    private static String fields(Expr access) {
        return ((Expr.Access) access).tensor().name();
    }

    private static boolean isExpSum(Expr e) {
        return e instanceof Expr.Sum && ((Expr.Sum) e).body() instanceof Expr.Call
                && ((Expr.Call) ((Expr.Sum) e).body()).fn() == Fn.EXP;
    }

    /** z for {@code 1 + exp(z)}, else null. */
    private static Expr exponentOfOnePlusExp(Expr e) {
        if (!(e instanceof Expr.Add) || ((Expr.Add) e).terms().size() != 2) {
            return null;
        }
        List<Expr> t = ((Expr.Add) e).terms();
        for (int k = 0; k < 2; k++) {
            if (t.get(1 - k) == Ir.ONE && t.get(k) instanceof Expr.Call && ((Expr.Call) t.get(k)).fn() == Fn.EXP) {
                return ((Expr.Call) t.get(k)).arg();
            }
        }
        return null;
    }

    /**
     * A product with the factors {@code exp(u[k := j])} and {@code sum(k, exp(u))^-1}, those two
     * replaced by {@code exp(u[k := j] - M) * S^-1}; null when it has no such pair.
     */
    private Expr softmax(Expr.Mul product) {
        List<Expr> factors = product.factors();
        for (int a = 0; a < factors.size(); a++) {
            Expr f = factors.get(a);
            if (!(f instanceof Expr.Pow) || ((Expr.Pow) f).exponent() != Ir.MINUS_ONE) {
                continue;
            }
            ExpSum s = expSum(((Expr.Pow) f).base());
            if (s == null) {
                continue;
            }
            Expr.Sum sum = s.sum();
            Expr u = ((Expr.Call) sum.body()).arg();
            for (int b = 0; b < factors.size(); b++) {
                Expr g = factors.get(b);
                if (b == a || !(g instanceof Expr.Call) || ((Expr.Call) g).fn() != Fn.EXP) {
                    continue;
                }
                Expr v = ((Expr.Call) g).arg();
                for (Index j : v.freeIndices()) {
                    if (j.dim().equals(sum.index().dim()) && !u.freeIndices().contains(j)
                            && Substitution.rename(u, sum.index(), j) == v) {
                        List<Expr> out = new ArrayList<>();
                        for (int c = 0; c < factors.size(); c++) {
                            if (c != a && c != b) {
                                out.add(flatten(factors.get(c)));
                            }
                        }
                        out.add(Ir.call(Fn.EXP, Ir.sub(flatten(v), s.max())));
                        out.add(Ir.pow(s.shifted(), -1));
                        return Ir.mul(out);
                    }
                }
            }
        }
        return null;
    }

    /** Nodes worth computing once: used by two or more nodes or definitions, and more than an access. */
    private static Set<Expr> sharedNodes(List<Definition> program) {
        Map<Expr, Set<Expr>> users = new IdentityHashMap<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Expr> work = new ArrayList<>();
        for (Definition d : program) {
            users.computeIfAbsent(d.body(), k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(d.body());
            work.add(d.body());
        }
        while (!work.isEmpty()) {
            Expr e = work.remove(work.size() - 1);
            if (!seen.add(e)) {
                continue;
            }
            for (Expr c : Children.of(e)) {
                users.computeIfAbsent(c, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(e);
                work.add(c);
            }
        }
        Set<Expr> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<Expr, Set<Expr>> entry : users.entrySet()) {
            Expr e = entry.getKey();
            if (entry.getValue().size() >= 2 && worthKeeping(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean worthKeeping(Expr e) {
        if (e instanceof Expr.Const || e instanceof Expr.DimSize || e instanceof Expr.Access || e instanceof Expr.Delta
                || e instanceof Expr.Sum) {
            return false;
        }
        if (e instanceof Expr.Mul && ((Expr.Mul) e).factors().size() == 2
                && ((Expr.Mul) e).factors().get(0) instanceof Expr.Const) {
            Expr rest = ((Expr.Mul) e).factors().get(1);
            return !(rest instanceof Expr.Access || rest instanceof Expr.DimSize);
        }
        return true;
    }
}
