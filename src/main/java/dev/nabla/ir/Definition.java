package dev.nabla.ir;

import java.util.List;

/** A defined tensor: {@code tensor[indices] = body}, where the body's free indices are exactly {@code indices}. */
public record Definition(Tensor tensor, List<Index> indices, Expr body) {
    public Definition {
        indices = List.copyOf(indices);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
