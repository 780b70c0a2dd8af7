package dev.nabla.sema;

/**
 * An index variable with its inferred range. Each binder (a definition's left-hand side, a
 * statement's free indices, a {@code sum}) creates its own; equal name and dim mean the same
 * variable wherever both are in scope.
 */
public record IndexVar(String name, DimSymbol dim) {
}
