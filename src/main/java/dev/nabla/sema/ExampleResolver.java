package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.syntax.Ast;

import java.util.ArrayDeque;
import java.util.Collections;
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
 * Checks {@code example} blocks: the sizes of dims, the bound values against the shapes of their
 * leaves, and that every expect has the values and sizes it needs.
 */
final class ExampleResolver {
    private final Declarations decls;
    private final Diagnostics diags;
    private final IdentityHashMap<Ast.Node, IndexVar> indexVars;
    private final IdentityHashMap<Ast.Node, List<IndexVar>> freeIndices;
    private final Map<String, List<IndexScope.LiteralSlot>> definitionLiterals;
    private final Map<String, Set<String>> definitionReferences = new HashMap<>();

    ExampleResolver(Declarations decls, Diagnostics diags, IdentityHashMap<Ast.Node, IndexVar> indexVars,
                   IdentityHashMap<Ast.Node, List<IndexVar>> freeIndices,
                   Map<String, List<IndexScope.LiteralSlot>> definitionLiterals) {
        this.decls = decls;
        this.diags = diags;
        this.indexVars = indexVars;
        this.freeIndices = freeIndices;
        this.definitionLiterals = definitionLiterals;
    }

    /** The sizes of one example: its own dim lines, else defaults, else inferred from its arrays. */
    private static final class Sizes {
        final Map<DimSymbol, Integer> size = new LinkedHashMap<>();
        final Map<DimSymbol, String> origin = new HashMap<>();

        void put(DimSymbol dim, int n, String from) {
            size.put(dim, n);
            origin.put(dim, from);
        }
    }

    /** Checks {@code example} and returns the size of every dim it fixes. */
    Map<DimSymbol, Integer> check(Ast.Example example) {
        Sizes sizes = new Sizes();
        for (Ast.ExampleItem item : example.items()) {
            if (item instanceof Ast.ExampleDims dims) {
                for (Ast.DimItem d : dims.items()) {
                    dimSize(d, sizes);
                }
            }
        }
        for (String name : decls.names()) {
            DimSymbol dim = decls.dim(name);
            if (dim != null && dim.defaultSize() != null && !sizes.size.containsKey(dim)) {
                sizes.put(dim, dim.defaultSize(), "its default");
            }
        }
        Map<String, Ast.Binding> bound = new LinkedHashMap<>();
        for (Ast.ExampleItem item : example.items()) {
            if (item instanceof Ast.Binding b) {
                binding(b, bound, sizes);
            }
        }
        // each missing value or size is reported once, at the first expect that needs it
        Set<String> missingLeaves = new HashSet<>();
        Set<DimSymbol> missingDims = new HashSet<>();
        Set<Ast.IndexLiteral> outOfRange = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Ast.ExampleItem item : example.items()) {
            if (item instanceof Ast.Expect e) {
                expect(e, bound.keySet(), sizes, missingLeaves, missingDims);
                positionsThroughDefinitions(e, sizes, outOfRange);
            }
        }
        return sizes.size;
    }

    private void dimSize(Ast.DimItem item, Sizes sizes) {
        String name = item.name().text();
        Declarations.Kind kind = decls.kind(name);
        if (kind == null) {
            diags.error(item.name().span(), Messages.undeclared(name));
            return;
        }
        if (kind != Declarations.Kind.DIM) {
            diags.error(item.name().span(), "'" + name + "' is not a dim");
            return;
        }
        DimSymbol dim = decls.dim(name);
        if (item.size() == null) {
            diags.error(item.span(), "dim '" + name + "' needs a size in an example");
            return;
        }
        Integer n = Declarations.dimSize(item, diags);
        if (n == null) {
            return;
        }
        if (sizes.size.containsKey(dim)) {
            diags.error(item.name().span(), "the size of dim '" + name + "' is given twice in this example");
            return;
        }
        sizes.put(dim, n, "set by the example's dim line");
    }

    private void binding(Ast.Binding b, Map<String, Ast.Binding> bound, Sizes sizes) {
        String name = b.name().text();
        Declarations.Kind kind = decls.kind(name);
        if (kind == null) {
            diags.error(b.name().span(), Messages.undeclared(name));
        } else if (kind == Declarations.Kind.DIM) {
            diags.error(b.name().span(), "'" + name + "' is a dim; give its size with a dim line");
        } else if (kind == Declarations.Kind.DEFINITION) {
            diags.error(b.name().span(), "'" + name + "' is defined by a formula; an example binds only leaves");
        } else if (bound.containsKey(name)) {
            diags.error(b.name().span(), "'" + name + "' is bound twice in this example (first at line "
                    + bound.get(name).span().line() + ")");
        } else {
            LeafSymbol leaf = decls.leaf(name);
            bound.put(name, b);
            if (leaf.fixedValue() != null) {
                diags.error(b.name().span(), "'" + name + "' is fixed to " + leaf.fixedValue().toPlainString()
                        + " by its declaration; an example cannot bind it");
            } else {
                value(b.value(), leaf, 0, sizes);
            }
        }
    }

    /**
     * Checks the part of a bound value at nesting {@code depth} against the leaf's shape; false
     * if it reported a problem, so that the siblings of a misshapen array are not all reported.
     */
    private boolean value(Ast.Value v, LeafSymbol leaf, int depth, Sizes sizes) {
        List<DimSymbol> shape = leaf.shape();
        if (depth == shape.size()) {
            if (v instanceof Ast.ScalarValue s) {
                return ConstantExpressions.value(s.expr(), decls, diags) != null;
            }
            if (shape.isEmpty()) {
                diags.error(v.span(), "'" + leaf.name() + "' is a scalar but was given an array");
            } else {
                diags.error(v.span(), "expected a number in '" + leaf.name() + "' (it takes "
                        + Messages.indexCount(shape.size()) + ") but found an array");
            }
            return false;
        }
        DimSymbol dim = shape.get(depth);
        if (!(v instanceof Ast.ArrayValue array)) {
            diags.error(v.span(), "expected an array along '" + (dim == null ? "?" : dim.name()) + "' in '"
                    + leaf.name() + "' (it takes " + Messages.indexCount(shape.size()) + ") but found a number");
            return false;
        }
        int n = array.elements().size();
        if (dim != null) {
            Integer size = sizes.size.get(dim);
            if (size == null && n == 0) {
                diags.error(v.span(), "an empty array cannot give dim '" + dim.name() + "' a size");
                return false;
            }
            if (size == null) {
                sizes.put(dim, n, "inferred from '" + leaf.name() + "' at line " + v.span().line());
            } else if (size != n) {
                diags.error(v.span(), "'" + leaf.name() + "' has " + n + (n == 1 ? " value" : " values")
                        + " along '" + dim.name() + "' here, but '" + dim.name() + "' has size " + size
                        + " (" + sizes.origin.get(dim) + ")");
                return false;
            }
        }
        for (Ast.Value element : array.elements()) {
            if (!value(element, leaf, depth + 1, sizes)) {
                return false;
            }
        }
        return true;
    }

    private void expect(Ast.Expect e, Set<String> bound, Sizes sizes, Set<String> missingLeaves,
                        Set<DimSymbol> missingDims) {
        IndexScope scope = new IndexScope(decls, diags);
        Set<String> left = scope.check(e.lhs());
        Set<String> right = scope.check(e.rhs());
        if (!left.equals(right)) {
            diags.error(e.span(), Messages.differentFreeIndices(left, right));
        }
        scope.close(indexVars);
        Set<String> all = new LinkedHashSet<>(left);
        all.addAll(right);
        freeIndices.put(e, scope.freeVars(all));
        if (e.tolerance() != null && e.tolerance().signum() < 0) {
            diags.error(e.span(), "the tolerance must not be negative, but is " + e.tolerance().toPlainString());
        }

        Set<String> needed = closure(e);
        Set<DimSymbol> unsizedShapes = new HashSet<>();
        Set<DimSymbol> neededDims = new LinkedHashSet<>();
        for (String name : decls.leaves().keySet()) {
            LeafSymbol leaf = decls.leaf(name);
            if (!needed.contains(name)) {
                continue;
            }
            if (bound.contains(name) || leaf.fixedValue() != null) {
                neededDims.addAll(leaf.shape());
            } else {
                unsizedShapes.addAll(leaf.shape());
                if (missingLeaves.add(name)) {
                    diags.error(e.span(), "example gives no value for '" + name + "'");
                }
            }
        }
        for (String name : needed) {
            if (decls.kind(name) == Declarations.Kind.DIM) {
                neededDims.add(decls.dim(name));
            }
        }
        for (DimSymbol dim : neededDims) {
            // a dim of a leaf that has no value was reported with that leaf
            if (dim != null && !sizes.size.containsKey(dim) && !unsizedShapes.contains(dim)
                    && missingDims.add(dim)) {
                diags.error(e.span(), "example gives no size for dim '" + dim.name() + "'");
            }
        }
        for (IndexScope.LiteralSlot slot : scope.literals()) {
            Integer size = sizes.size.get(slot.dim());
            if (size != null && slot.literal().position() > size) {
                diags.error(slot.literal().span(), "index " + slot.literal().position() + " is out of range: '"
                        + slot.dim().name() + "' has size " + size + " in this example");
            }
        }
    }

    /**
     * A literal position in a definition the expect reaches, beyond the example's size of its
     * dim: reported at the expect, which is where the sizes meet the definition.
     */
    private void positionsThroughDefinitions(Ast.Expect e, Sizes sizes, Set<Ast.IndexLiteral> reported) {
        for (String name : closure(e)) {
            for (IndexScope.LiteralSlot slot : definitionLiterals.getOrDefault(name, List.of())) {
                Integer size = sizes.size.get(slot.dim());
                int position = slot.literal().position();
                if (size != null && position > size && reported.add(slot.literal())) {
                    diags.error(e.span(), "'" + name + "' uses index " + position + " along '" + slot.dim().name()
                            + "' (line " + slot.literal().span().line() + "), but '" + slot.dim().name()
                            + "' has size " + size + " in this example");
                }
            }
        }
    }

    /** Every name the expect depends on, through definitions (and through diff) transitively. */
    private Set<String> closure(Ast.Expect e) {
        Set<String> seen = new LinkedHashSet<>(References.of(e.lhs()));
        seen.addAll(References.of(e.rhs()));
        Deque<String> work = new ArrayDeque<>(seen);
        while (!work.isEmpty()) {
            Ast.Definition def = decls.definition(work.poll());
            if (def == null) {
                continue;
            }
            Set<String> refs = definitionReferences.computeIfAbsent(def.name().text(), k -> References.of(def.body()));
            for (String r : refs) {
                if (seen.add(r)) {
                    work.add(r);
                }
            }
        }
        return seen;
    }
}
