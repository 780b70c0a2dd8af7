package dev.nabla.cli;

/** Small programs the CLI tests build on. */
public final class Programs {
    private Programs() {
    }

    /** The spec's §5.3 network with the book's closed forms g and e, and no statements to check. */
    public static final String BP_NETWORK = String.join("\n",
            "dim d, q, l",
            "input  x[d] in [0, 1]",
            "target y[l] in {0, 1}",
            "param  v[d, q], gamma[q], w[q, l], theta[l]",
            "alpha[h] = sum(i, v[i, h] * x[i])",
            "b[h]     = sigmoid(alpha[h] - gamma[h])",
            "beta[j]  = sum(h, w[h, j] * b[h])",
            "yhat[j]  = sigmoid(beta[j] - theta[j])",
            "E        = 1/2 * sum(j, (yhat[j] - y[j])^2)",
            "g[j] = yhat[j] * (1 - yhat[j]) * (y[j] - yhat[j])",
            "e[h] = b[h] * (1 - b[h]) * sum(j, w[h, j] * g[j])",
            "");

    /** A linear map over a square matrix, where swapping two indices is a bug the dims cannot catch. */
    public static final String LINEAR_MAP = String.join("\n",
            "dim d",
            "input x[d]",
            "param M[d, d]",
            "f[i] = sum(j, M[i, j] * x[j])",
            "");

    /** The number of lines of a program text that ends with a newline. */
    public static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
