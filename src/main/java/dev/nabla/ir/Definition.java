package dev.nabla.ir;

import java.util.List;

/** A defined tensor: {@code tensor[indices] = body}, where the body's free indices are exactly {@code indices}. */
public record Definition(Tensor tensor, List<Index> indices, Expr body) {
    public Definition {
        indices = List.copyOf(indices);
    }

    /** The body at the subscripts of an access {@code tensor[s1, ...]}: the element it stands for. */
    public Expr at(List<Subscript> subscripts) {
        java.util.Map<Index, Subscript> at = new java.util.HashMap<>();
        for (int k = 0; k < indices.size(); k++) {
            at.put(indices.get(k), subscripts.get(k));
        }
        return Substitution.apply(body, at);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
