package dev.nabla.ir;

/** An index variable ranging over 1..size of its dim; equal name and dim mean the same variable. */
public record Index(String name, Dim dim) implements Subscript {
    @Override
    public String toString() {
        return name;
    }
}
