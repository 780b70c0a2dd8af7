package dev.nabla.train;

import dev.nabla.runtime.Network;

import java.util.Map;

/** Makes the networks of one formula file, one per set of dim sizes (the sample dim's changes with the batch). */
public interface NetworkFactory {
    /** Where the networks read the data and write the prediction. */
    FormulaFile.Layout layout();

    /** A network with every dim's size given and every parameter 0. */
    Network create(Map<String, Integer> sizes);
}
