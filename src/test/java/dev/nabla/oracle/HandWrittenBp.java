package dev.nabla.oracle;

/**
 * One step of standard BP for the network of watermelon book §5.3, written by hand as the book
 * writes it: g_j (5.10), e_h (5.15) and the updates 5.11–5.14, plain loops over arrays.
 */
final class HandWrittenBp {
    /** Δv (5.13), Δγ (5.14), Δw (5.11), Δθ (5.12). */
    record Updates(double[][] dv, double[] dgamma, double[][] dw, double[] dtheta) {
    }

    private HandWrittenBp() {
    }

    static Updates step(double[] x, double[] y, double[][] v, double[] gamma, double[][] w, double[] theta,
                        double eta) {
        return step(x, y, v, gamma, w, theta, eta, true);
    }

    /** The step with a student's slip: e_h without the factor b_h(1 − b_h) of f'(α_h − γ_h). */
    static Updates stepForgettingSigmoidPrime(double[] x, double[] y, double[][] v, double[] gamma, double[][] w,
                                              double[] theta, double eta) {
        return step(x, y, v, gamma, w, theta, eta, false);
    }

    private static Updates step(double[] x, double[] y, double[][] v, double[] gamma, double[][] w, double[] theta,
                                double eta, boolean sigmoidPrimeInE) {
        int d = x.length;
        int q = gamma.length;
        int l = theta.length;
        double[] b = new double[q];
        for (int h = 0; h < q; h++) {
            double alpha = 0;
            for (int i = 0; i < d; i++) {
                alpha += v[i][h] * x[i];
            }
            b[h] = sigmoid(alpha - gamma[h]);
        }
        double[] yhat = new double[l];
        for (int j = 0; j < l; j++) {
            double beta = 0;
            for (int h = 0; h < q; h++) {
                beta += w[h][j] * b[h];
            }
            yhat[j] = sigmoid(beta - theta[j]);
        }
        double[] g = new double[l];
        for (int j = 0; j < l; j++) {
            g[j] = yhat[j] * (1 - yhat[j]) * (y[j] - yhat[j]);
        }
        double[] e = new double[q];
        for (int h = 0; h < q; h++) {
            double back = 0;
            for (int j = 0; j < l; j++) {
                back += w[h][j] * g[j];
            }
            e[h] = sigmoidPrimeInE ? b[h] * (1 - b[h]) * back : back;
        }
        double[][] dw = new double[q][l];
        double[] dtheta = new double[l];
        for (int j = 0; j < l; j++) {
            for (int h = 0; h < q; h++) {
                dw[h][j] = eta * g[j] * b[h];
            }
            dtheta[j] = -eta * g[j];
        }
        double[][] dv = new double[d][q];
        double[] dgamma = new double[q];
        for (int h = 0; h < q; h++) {
            for (int i = 0; i < d; i++) {
                dv[i][h] = eta * e[h] * x[i];
            }
            dgamma[h] = -eta * e[h];
        }
        return new Updates(dv, dgamma, dw, dtheta);
    }

    private static double sigmoid(double u) {
        return 1 / (1 + Math.exp(-u));
    }
}
