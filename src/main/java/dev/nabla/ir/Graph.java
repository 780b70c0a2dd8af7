package dev.nabla.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The computation graph: leaves and definitions, the latter in an order where each comes after
 * every tensor it uses. It only grows: reverse mode appends adjoint definitions, which use
 * forward tensors and earlier adjoints, so the order stays valid.
 */
public final class Graph {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final Map<Tensor, Definition> definitions = new LinkedHashMap<>();

    public void addLeaf(Tensor leaf) {
        if (!leaf.isLeaf()) {
            throw new IllegalArgumentException(leaf + " is not a leaf");
        }
        register(leaf);
    }

    public void define(Definition d) {
        if (d.tensor().isLeaf()) {
            throw new IllegalArgumentException(d.tensor() + " is a leaf");
        }
        register(d.tensor());
        definitions.put(d.tensor(), d);
    }

    private void register(Tensor t) {
        Tensor old = tensors.putIfAbsent(t.name(), t);
        if (old != null) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' is already in the graph");
        }
    }

    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    public boolean hasName(String name) {
        return tensors.containsKey(name);
    }

    /** The definition of a defined tensor, or null for a leaf. */
    public Definition definition(Tensor t) {
        return definitions.get(t);
    }

    public List<Tensor> tensors() {
        return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
    }

    /** All definitions, dependencies first. */
    public List<Definition> definitions() {
        return Collections.unmodifiableList(new ArrayList<>(definitions.values()));
    }
}
