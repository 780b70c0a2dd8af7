package dev.nabla.ir;

/** A symbolic size: the range 1..n of every index over it, with n unknown to the IR. */
public record Dim(String name) {
    @Override
    public String toString() {
        return name;
    }
}
