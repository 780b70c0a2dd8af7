package dev.nabla.testkit;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Tensor;

import java.util.List;

/** The leaves random programs are written over: {@code x[d]}, {@code w[d, q]}, scalar {@code c}, and an optional third dim r. */
public final class Leaves {
    public final Dim d = new Dim("d");
    public final Dim q = new Dim("q");
    public final Tensor x = new Tensor("x", List.of(d), Tensor.Kind.PARAM);
    public final Tensor w = new Tensor("w", List.of(d, q), Tensor.Kind.PARAM);
    public final Tensor c = new Tensor("c", List.of(), Tensor.Kind.PARAM);

    public List<Tensor> all() {
        return List.of(x, w, c);
    }

    public List<Dim> dims() {
        return List.of(d, q);
    }

    /** A new graph holding just these leaves. */
    public Graph graph() {
        Graph g = new Graph();
        for (Tensor t : all()) {
            g.addLeaf(t);
        }
        return g;
    }

    /** The source declarations of these leaves, for files that the parser reads. */
    public String declarations() {
        return "dim d, q\nparam x[d], w[d, q], c\n";
    }
}
