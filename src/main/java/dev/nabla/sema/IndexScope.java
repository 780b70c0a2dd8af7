package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import dev.nabla.ir.Fn;
import dev.nabla.syntax.Ast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One index scope (a definition, a claim, a whole derive chain or an expect) and the checks of
 * the expressions in it: names, references, calls, and the range of each index, which is the
 * dim of the slots it occupies. {@code sum} binders open nested scopes. Ranges are settled only
 * when the scope is closed, since a later slot may fix an index seen earlier (in {@code delta}).
 */
final class IndexScope {
    /** One index variable of this scope or of one of its sums, and where it occurs. */
    private static final class Entry {
        final String name;
        final SourceSpan first;
        final List<Ast.Node> occurrences = new ArrayList<>();
        DimSymbol dim;
        boolean occupied;
        IndexVar var;

        Entry(String name, SourceSpan first) {
            this.name = name;
            this.first = first;
        }
    }

    private record DeltaUse(Ast.Delta delta, Entry left, Entry right) {
    }

    /** A literal position in a slot of a known dim, for checks against concrete sizes. */
    record LiteralSlot(Ast.IndexLiteral literal, DimSymbol dim) {
    }

    private final Declarations decls;
    private final Diagnostics diags;
    private final Map<String, Entry> free = new LinkedHashMap<>();
    /** Innermost sum first. */
    private final Deque<Map<String, Entry>> sums = new ArrayDeque<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<DeltaUse> deltas = new ArrayList<>();
    private final List<LiteralSlot> literals = new ArrayList<>();

    IndexScope(Declarations decls, Diagnostics diags) {
        this.decls = decls;
        this.diags = diags;
    }

    /** Checks {@code e} and returns its free index names in order of first appearance. */
    Set<String> check(Ast.Expr e) {
        if (e instanceof Ast.Num) {
            return new LinkedHashSet<>();
        }
        if (e instanceof Ast.Ref r) {
            return reference(r);
        }
        if (e instanceof Ast.Neg n) {
            return check(n.operand());
        }
        if (e instanceof Ast.Binary b) {
            Set<String> result = check(b.left());
            result.addAll(check(b.right()));
            return result;
        }
        if (e instanceof Ast.Call c) {
            decls.function(c, diags);
            Set<String> result = new LinkedHashSet<>();
            for (Ast.Expr arg : c.args()) {
                result.addAll(check(arg));
            }
            return result;
        }
        if (e instanceof Ast.Sum s) {
            return sum(s);
        }
        if (e instanceof Ast.Delta d) {
            return delta(d);
        }
        Ast.Diff d = (Ast.Diff) e;
        Set<String> result = check(d.function());
        result.addAll(variable(d.variable()));
        return result;
    }

    private Set<String> reference(Ast.Ref r) {
        String name = r.name().text();
        Declarations.Kind kind = decls.kind(name);
        if (kind == null) {
            if (lookup(name) != null) {
                diags.error(r.name().span(), "'" + name + "' is an index; it can appear only inside [ ] or delta( )");
            } else if (Fn.bySpelling(name) != null) {
                diags.error(r.name().span(), "'" + name + "' is a function; call it with ( )");
            } else {
                diags.error(r.name().span(), Messages.undeclared(name));
            }
            return unknownSlots(r.indices());
        }
        if (kind == Declarations.Kind.DIM) {
            if (!r.indices().isEmpty()) {
                diags.error(r.span(), "'" + name + "' is a dim; it cannot be indexed");
            }
            return unknownSlots(r.indices());
        }
        return slots(r);
    }

    /** The variable of {@code diff(F, X)}: a leaf or a defined node, fully indexed. */
    private Set<String> variable(Ast.Ref x) {
        if (decls.kind(x.name().text()) == Declarations.Kind.DIM) {
            diags.error(x.span(), "cannot differentiate with respect to dim '" + x.name().text() + "'");
            return unknownSlots(x.indices());
        }
        return reference(x);
    }

    private Set<String> slots(Ast.Ref r) {
        List<DimSymbol> shape = decls.shape(r.name().text());
        if (shape.size() != r.indices().size()) {
            diags.error(r.span(), Messages.wrongIndexCount(r.name().text(), shape, r.indices().size()));
            return unknownSlots(r.indices());
        }
        Set<String> result = new LinkedHashSet<>();
        for (int k = 0; k < shape.size(); k++) {
            Ast.Index index = r.indices().get(k);
            DimSymbol dim = shape.get(k);
            if (index instanceof Ast.IndexName n) {
                Entry entry = occurrence(n);
                if (dim == null) {
                    // an earlier error hid this slot's dim: count it as occupied to avoid a second report
                    entry.occupied = true;
                } else if (entry.dim == null || entry.dim.equals(dim)) {
                    entry.dim = dim;
                    entry.occupied = true;
                } else {
                    diags.error(n.span(), "index '" + n.name() + "' ranges over both '" + entry.dim.name()
                            + "' and '" + dim.name() + "'");
                }
                result.add(n.name());
            } else {
                Ast.IndexLiteral literal = (Ast.IndexLiteral) index;
                if (checkPosition(literal) && dim != null) {
                    literals.add(new LiteralSlot(literal, dim));
                }
            }
        }
        return result;
    }

    /** Indices of a reference that is already in error: bound, but counted as occupying a slot. */
    private Set<String> unknownSlots(List<Ast.Index> indices) {
        Set<String> result = new LinkedHashSet<>();
        for (Ast.Index index : indices) {
            if (index instanceof Ast.IndexName n) {
                occurrence(n).occupied = true;
                result.add(n.name());
            } else {
                checkPosition((Ast.IndexLiteral) index);
            }
        }
        return result;
    }

    private boolean checkPosition(Ast.IndexLiteral literal) {
        if (literal.position() < 1) {
            diags.error(literal.span(), "index " + literal.position() + " is out of range; positions start at 1");
            return false;
        }
        if (literal.position() > Limits.MAX_ELEMENTS) {
            diags.error(literal.span(), "index " + literal.position() + " is too large: a dim that reaches it gives"
                    + " tensors of more than " + Limits.MAX_ELEMENTS + " elements, the most nabla evaluates");
            return false;
        }
        return true;
    }

    private Set<String> sum(Ast.Sum s) {
        Map<String, Entry> scope = new HashMap<>();
        for (int k = 0; k < s.indices().size(); k++) {
            Ast.Name binder = s.indices().get(k);
            if (scope.containsKey(binder.text())) {
                diags.error(binder.span(), "repeated index '" + binder.text() + "' in sum");
                continue;
            }
            Entry entry = newEntry(binder.text(), binder.span());
            entry.occurrences.add(binder);
            Ast.Name range = s.ranges().get(k);
            if (range != null) {
                // a declared range is the index's range; a slot over another dim conflicts with it
                entry.dim = decls.dim(range, "an index ranges over a dim");
                entry.occupied = true;
            }
            scope.put(binder.text(), entry);
        }
        sums.push(scope);
        Set<String> result;
        try {
            result = check(s.body());
        } finally {
            sums.pop();
        }
        for (Ast.Name binder : s.indices()) {
            Entry entry = scope.get(binder.text());
            if (entry.first == binder.span() && !entry.occupied) {
                diags.error(binder.span(), Messages.noSlot(binder.text()));
            }
        }
        result.removeAll(scope.keySet());
        return result;
    }

    private Set<String> delta(Ast.Delta d) {
        Set<String> result = new LinkedHashSet<>();
        Entry left = deltaSide(d.left(), result);
        Entry right = deltaSide(d.right(), result);
        deltas.add(new DeltaUse(d, left, right));
        return result;
    }

    private Entry deltaSide(Ast.Index index, Set<String> free) {
        if (index instanceof Ast.IndexName n) {
            free.add(n.name());
            return occurrence(n);
        }
        checkPosition((Ast.IndexLiteral) index);
        return null;
    }

    private Entry occurrence(Ast.IndexName n) {
        Entry entry = lookup(n.name());
        if (entry == null) {
            entry = newEntry(n.name(), n.span());
            free.put(n.name(), entry);
        }
        entry.occurrences.add(n);
        return entry;
    }

    private Entry lookup(String name) {
        for (Map<String, Entry> scope : sums) {
            Entry e = scope.get(name);
            if (e != null) {
                return e;
            }
        }
        return free.get(name);
    }

    private Entry newEntry(String name, SourceSpan first) {
        Entry e = new Entry(name, first);
        entries.add(e);
        return e;
    }

    /** Binds a definition's left-hand index to the body's free index of that name, if there is one. */
    void bindLeftHandSide(Ast.Name index) {
        Entry entry = free.get(index.text());
        if (entry != null) {
            entry.occurrences.add(index);
        }
    }

    /**
     * A range declared on a definition's left-hand side ({@code j in l}): it counts as a slot
     * over that dim, and must agree with the slots in the body. A null dim (the range named
     * no dim, already reported) still counts as a slot, so that no second error follows.
     */
    void declareRange(Ast.Name index, DimSymbol dim) {
        Entry entry = free.get(index.text());
        if (dim == null) {
            entry.occupied = true;
            return;
        }
        if (entry.dim != null && !entry.dim.equals(dim)) {
            diags.error(index.span(), "index '" + index.text() + "' ranges over both '" + entry.dim.name()
                    + "' and '" + dim.name() + "'");
            return;
        }
        entry.dim = dim;
        entry.occupied = true;
    }

    /**
     * Ends the scope: reports free indices that occupy no slot and deltas across ranges, and
     * records the variable of every occurrence in {@code out}.
     */
    void close(IdentityHashMap<Ast.Node, IndexVar> out) {
        for (Entry e : free.values()) {
            if (!e.occupied) {
                diags.error(e.first, Messages.noSlot(e.name));
            }
        }
        Set<Ast.Delta> reported = new HashSet<>();
        for (DeltaUse use : deltas) {
            if (use.left != null && use.right != null && use.left.dim != null && use.right.dim != null
                    && !use.left.dim.equals(use.right.dim) && reported.add(use.delta)) {
                diags.error(use.delta.span(), "delta(" + use.left.name + ", " + use.right.name
                        + ") relates indices of different ranges: '" + use.left.name + "' over '"
                        + use.left.dim.name() + "' and '" + use.right.name + "' over '" + use.right.dim.name() + "'");
            }
        }
        for (Entry e : entries) {
            e.var = new IndexVar(e.name, e.dim);
            for (Ast.Node n : e.occurrences) {
                out.put(n, e.var);
            }
        }
    }

    /** The variable of a free index of this scope, after {@link #close}. */
    IndexVar freeVar(String name) {
        return free.get(name).var;
    }

    /** The variables of {@code names}, free indices of this scope, after {@link #close}. */
    List<IndexVar> freeVars(Set<String> names) {
        return names.stream().map(this::freeVar).toList();
    }

    List<LiteralSlot> literals() {
        return literals;
    }
}
