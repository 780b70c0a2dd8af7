package dev.nabla.runtime;

import java.util.List;

/**
 * A trainer that {@code nabla compile} generated from a formula file's
 * {@code train minimize E over p1, p2, ...}: the forward pass, the adjoint program reverse mode
 * derived, and the update, over flat row-major arrays whose sizes were fixed at construction.
 * Every array returned is the live storage, not a copy: write inputs and parameters into it,
 * read gradients out of it.
 */
public interface Network {
    /** The dims of the formula file in declaration order. */
    List<String> dims();

    /** The size of a dim, as the network was constructed with. */
    int size(String dim);

    /** The trained parameters, in the order of the {@code train} statement. */
    List<String> parameters();

    /** The inputs and targets the objective reads, in declaration order. */
    List<String> data();

    /** The sizes of a leaf's dims (empty for a scalar). */
    int[] shape(String leaf);

    /** The live row-major values of a leaf: a parameter, an input, a target or a const. */
    double[] values(String leaf);

    /** The forward pass at the current values: the objective. */
    double loss();

    /** The forward and backward pass: the objective, with every gradient array filled anew. */
    double backward();

    /** The live gradient of the objective with respect to a parameter, as the last {@link #backward} left it. */
    double[] gradient(String parameter);

    /** One plain gradient step on every parameter, {@code p -= eta * dE/dp}, from the last {@link #backward}. */
    void step(double eta);

    /** The formula file's nodes whose values {@link #output} gives, in definition order (none by default). */
    default List<String> outputs() {
        return List.of();
    }

    /**
     * The row-major values of one of {@link #outputs} at the current values (a forward pass of
     * everything it needs), for predictions: {@code yhat}, {@code p}. The array is valid until the
     * next call of any method.
     */
    default double[] output(String node) {
        throw new IllegalArgumentException("no output '" + node + "' in this network");
    }
}
