package dev.nabla.ir;

import java.util.List;

/**
 * A named tensor of the computation graph: a leaf (data, parameter or constant) or a defined
 * node. Identity is object identity: two tensors are the same only if they are one object.
 */
public final class Tensor {
    /** What a tensor is in the model; only {@link #DEFINED} tensors have a body in the graph. */
    public enum Kind { INPUT, TARGET, PARAM, CONST, DEFINED }

    private final String name;
    private final List<Dim> shape;
    private final Kind kind;

    public Tensor(String name, List<Dim> shape, Kind kind) {
        this.name = name;
        this.shape = List.copyOf(shape);
        this.kind = kind;
    }

    public String name() {
        return name;
    }

    public List<Dim> shape() {
        return shape;
    }

    public int rank() {
        return shape.size();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isLeaf() {
        return kind != Kind.DEFINED;
    }

    @Override
    public String toString() {
        return name;
    }
}
