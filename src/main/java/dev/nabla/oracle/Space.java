package dev.nabla.oracle;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DimSymbol;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Lowering;
import dev.nabla.sema.Program;
import dev.nabla.sema.ValueDomain;
import dev.nabla.verify.RandomChecker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What an instance of a file consists of: its dims, each with the smallest size its literal
 * positions allow, and its leaves, each with its declared domain or fixed value. In declaration order.
 */
final class Space {
    private final String file;
    private final Map<String, Dim> dims = new LinkedHashMap<>();
    private final Map<String, Tensor> leaves = new LinkedHashMap<>();
    private final Map<Tensor, ValueDomain> domains = new LinkedHashMap<>();
    private final Map<Tensor, Double> fixed = new LinkedHashMap<>();
    private final Map<Dim, Integer> minimumSizes;

    Space(Program program, Lowering lowering, Map<Dim, Integer> minimumSizes) {
        this.file = program.source().name();
        for (DimSymbol d : program.dims()) {
            dims.put(d.name(), lowering.dim(d));
        }
        for (LeafSymbol leaf : program.leaves()) {
            Tensor t = lowering.tensor(leaf.name());
            leaves.put(leaf.name(), t);
            domains.put(t, leaf.domain());
            if (leaf.fixedValue() != null) {
                fixed.put(t, leaf.fixedValue().doubleValue());
            }
        }
        this.minimumSizes = Map.copyOf(minimumSizes);
    }

    /** A finite set's elements, its simple values ({@link RandomChecker#simpleValues}) first. */
    static List<Double> simplestFirst(ValueDomain set) {
        LinkedHashSet<Double> ordered = new LinkedHashSet<>(RandomChecker.simpleValues(set));
        ordered.addAll(set.values());
        return List.copyOf(ordered);
    }

    /** The simplest value of a domain: its first simple value, else a set's first element, else one drawn with a fixed seed. */
    static double simplest(ValueDomain domain) {
        if (domain.isSet()) {
            return simplestFirst(domain).get(0);
        }
        List<Double> simple = RandomChecker.simpleValues(domain);
        return simple.isEmpty() ? RandomChecker.draw(domain, new Random(0)) : simple.get(0);
    }

    String file() {
        return file;
    }

    Map<String, Dim> dims() {
        return Collections.unmodifiableMap(dims);
    }

    Map<String, Tensor> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    ValueDomain domain(Tensor leaf) {
        return domains.get(leaf);
    }

    /** The value a {@code const c = 0.9} declaration fixes, or null. */
    Double fixed(Tensor leaf) {
        return fixed.get(leaf);
    }

    int lowerBound(Dim d) {
        return Math.max(1, minimumSizes.getOrDefault(d, 1));
    }

    Dim dim(String name) {
        Dim d = dims.get(name);
        if (d == null) {
            throw new IllegalArgumentException(file + " declares no dim named '" + name + "'; its dims are "
                    + dims.keySet());
        }
        return d;
    }

    Tensor leaf(String name) {
        Tensor t = leaves.get(name);
        if (t == null) {
            throw new IllegalArgumentException(file + " declares no leaf named '" + name + "'; its leaves are "
                    + leaves.keySet());
        }
        return t;
    }
}
