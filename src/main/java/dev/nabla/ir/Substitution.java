package dev.nabla.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Capture-avoiding substitution of index variables: replaces free occurrences of each key by
 * its subscript, renaming a sum's bound index when it would capture a substituted name.
 * Memoized per call, because it walks a DAG: one memo for each map in effect, shared by every
 * sum under which that map applies, so that a node shared by two sums is rebuilt once.
 */
public final class Substitution {
    private final Map<Index, Subscript> map;
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();
    /** The substitutions of this call, by their map: a sum's body is substituted in one of them. */
    private final Map<Map<Index, Subscript>, Substitution> scopes;

    private Substitution(Map<Index, Subscript> map, Map<Map<Index, Subscript>, Substitution> scopes) {
        this.map = map;
        this.scopes = scopes;
        scopes.put(map, this);
    }

    public static Expr apply(Expr e, Map<Index, ? extends Subscript> map) {
        if (map.isEmpty()) {
            return e;
        }
        return new Substitution(Map.copyOf(map), new HashMap<>()).go(e);
    }

    public static Expr rename(Expr e, Index from, Subscript to) {
        return from.equals(to) ? e : apply(e, Map.of(from, to));
    }

    public static Subscript apply(Subscript s, Map<Index, ? extends Subscript> map) {
        Subscript r = s instanceof Index ? map.get(s) : null;
        return r == null ? s : r;
    }

    private Expr go(Expr e) {
        if (java.util.Collections.disjoint(e.freeIndices(), map.keySet())) {
            return e;
        }
        Expr done = memo.get(e);
        if (done != null) {
            return done;
        }
        Expr r = rebuild(e);
        memo.put(e, r);
        return r;
    }

    private Expr rebuild(Expr e) {
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            return Ir.access(a.tensor(), subs(a.subscripts()));
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return Ir.delta(apply(d.left(), map), apply(d.right(), map));
        }
        if (e instanceof Expr.Add || e instanceof Expr.Mul || e instanceof Expr.Pow || e instanceof Expr.Call) {
            return Children.with(e, all(Children.of(e)));
        }
        if (e instanceof Expr.Diff) {
            Expr.Diff d = (Expr.Diff) e;
            return Ir.diff(go(d.function()), d.variable(), subs(d.at()));
        }
        if (e instanceof Expr.Sum) {
            return sum((Expr.Sum) e);
        }
        throw new IllegalStateException("no free indices expected in " + e);
    }

    private Expr sum(Expr.Sum s) {
        Index bound = s.index();
        Map<Index, Subscript> inner = new HashMap<>(map);
        inner.remove(bound);
        Set<String> incoming = new HashSet<>();
        for (Map.Entry<Index, Subscript> entry : inner.entrySet()) {
            if (s.body().freeIndices().contains(entry.getKey()) && entry.getValue() instanceof Index) {
                incoming.add(((Index) entry.getValue()).name());
            }
        }
        Index fresh = bound;
        if (incoming.contains(bound.name())) {
            Set<String> taken = new HashSet<>(incoming);
            for (Index i : s.body().freeIndices()) {
                taken.add(i.name());
            }
            fresh = Fresh.index(bound, taken);
            inner.put(bound, fresh);
        }
        return Ir.sum(fresh, inner.isEmpty() ? s.body() : within(Map.copyOf(inner)).go(s.body()));
    }

    private Substitution within(Map<Index, Subscript> inner) {
        Substitution known = scopes.get(inner);
        return known != null ? known : new Substitution(inner, scopes);
    }

    private List<Subscript> subs(List<Subscript> in) {
        List<Subscript> out = new ArrayList<>(in.size());
        for (Subscript s : in) {
            out.add(apply(s, map));
        }
        return out;
    }

    private List<Expr> all(List<Expr> in) {
        List<Expr> out = new ArrayList<>(in.size());
        for (Expr e : in) {
            out.add(go(e));
        }
        return out;
    }
}
