package dev.nabla.ir;

/** A fixed 1-based position in a slot ({@code yhat[1]}). */
public record Position(int value) implements Subscript {
    public Position {
        if (value < 1) {
            throw new IllegalArgumentException("positions are 1-based: " + value);
        }
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
