package dev.nabla.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** The direct subexpressions of a node, for passes that walk the DAG or rebuild it. */
public final class Children {
    private Children() {
    }

    public static List<Expr> of(Expr e) {
        if (e instanceof Expr.Add) {
            return ((Expr.Add) e).terms();
        }
        if (e instanceof Expr.Mul) {
            return ((Expr.Mul) e).factors();
        }
        if (e instanceof Expr.Pow) {
            return List.of(((Expr.Pow) e).base(), ((Expr.Pow) e).exponent());
        }
        if (e instanceof Expr.Call) {
            return List.of(((Expr.Call) e).arg());
        }
        if (e instanceof Expr.Sum) {
            return List.of(((Expr.Sum) e).body());
        }
        if (e instanceof Expr.Diff) {
            return List.of(((Expr.Diff) e).function());
        }
        return List.of();
    }

    /** Every node reachable from root through {@link #of}, each once, root first (no recursion). */
    public static List<Expr> reachable(Expr root) {
        List<Expr> out = new ArrayList<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Expr> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Expr e = work.pop();
            if (seen.add(e)) {
                out.add(e);
                of(e).forEach(work::push);
            }
        }
        return out;
    }

    /**
     * e rebuilt through the smart constructors with new children, given in the order
     * {@link #of} lists them; a node without children is returned as it is.
     */
    public static Expr with(Expr e, List<Expr> children) {
        if (e instanceof Expr.Add) {
            return Ir.add(children);
        }
        if (e instanceof Expr.Mul) {
            return Ir.mul(children);
        }
        if (e instanceof Expr.Pow) {
            return Ir.pow(children.get(0), children.get(1));
        }
        if (e instanceof Expr.Call) {
            return Ir.call(((Expr.Call) e).fn(), children.get(0));
        }
        if (e instanceof Expr.Sum) {
            return Ir.sum(((Expr.Sum) e).index(), children.get(0));
        }
        if (e instanceof Expr.Diff) {
            Expr.Diff d = (Expr.Diff) e;
            return Ir.diff(children.get(0), d.variable(), d.at());
        }
        return e;
    }
}
