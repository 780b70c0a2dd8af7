// Copied unchanged but for this line and the package line from /work/shared/bench/HandBP.java (the
// project's shared benchmark loop, provided to be timed against the generated trainer).
package dev.nabla.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * Hand-written single-hidden-layer sigmoid network trained by back-propagation,
 * following Zhou Zhihua "Machine Learning" ch.5 notation:
 *
 *   b_h    = sigmoid(sum_i v_ih x_i - gamma_h)        (q hidden units)
 *   yhat_j = sigmoid(sum_h w_hj b_h - theta_j)        (l output units)
 *   E_k    = 1/2 sum_j (yhat_j - y_j)^2
 *
 *   g_j = yhat_j (1 - yhat_j) (y_j - yhat_j)
 *   e_h = b_h (1 - b_h) sum_j w_hj g_j
 *   dE/dw_hj = -g_j b_h, dE/dtheta_j = g_j, dE/dv_ih = -e_h x_i, dE/dgamma_h = e_h
 *
 * Plain double[] arrays, no dependencies. v is stored row-major d x q (v[i*q+h]),
 * w row-major q x l (w[h*l+j]).
 *
 * Usage: java HandBP d q l n [seconds_per_rep] [reps] [warmup_seconds] [seed]
 *   Runs: gradient check (central finite differences), then standard BP
 *   (per-sample update) and accumulated BP (full-batch mean gradient, one
 *   update per epoch), each: warm-up, then `reps` timed repetitions.
 */
public final class HandBP {
    final int d, q, l;
    final double[] v, gamma, w, theta;      // parameters
    final double[] b, yhat, g, e;           // per-sample work buffers
    final double[] gv, ggamma, gw, gtheta;  // accumulated gradients (accumulated BP)

    HandBP(int d, int q, int l, Random rnd) {
        this.d = d; this.q = q; this.l = l;
        v = new double[d * q]; gamma = new double[q]; w = new double[q * l]; theta = new double[l];
        b = new double[q]; yhat = new double[l]; g = new double[l]; e = new double[q];
        gv = new double[d * q]; ggamma = new double[q]; gw = new double[q * l]; gtheta = new double[l];
        init(rnd);
    }

    void init(Random rnd) {
        // uniform(-0.5,0.5) scaled by 1/sqrt(fan_in) to keep sigmoids out of saturation
        double sv = 1.0 / Math.sqrt(d), sw = 1.0 / Math.sqrt(q);
        for (int k = 0; k < v.length; k++) v[k] = (rnd.nextDouble() - 0.5) * 2 * sv;
        for (int k = 0; k < q; k++) gamma[k] = (rnd.nextDouble() - 0.5) * 2 * sv;
        for (int k = 0; k < w.length; k++) w[k] = (rnd.nextDouble() - 0.5) * 2 * sw;
        for (int k = 0; k < l; k++) theta[k] = (rnd.nextDouble() - 0.5) * 2 * sw;
    }

    static double sigmoid(double z) { return 1.0 / (1.0 + Math.exp(-z)); }

    /** forward pass for x at offset xo of X; fills b and yhat; returns E_k. */
    double forward(double[] X, int xo, double[] Y, int yo) {
        final int d = this.d, q = this.q, l = this.l;
        final double[] b = this.b, v = this.v, w = this.w, yhat = this.yhat;
        for (int h = 0; h < q; h++) b[h] = -gamma[h];
        for (int i = 0; i < d; i++) {
            double xi = X[xo + i];
            int base = i * q;
            for (int h = 0; h < q; h++) b[h] += v[base + h] * xi;
        }
        for (int h = 0; h < q; h++) b[h] = sigmoid(b[h]);
        for (int j = 0; j < l; j++) yhat[j] = -theta[j];
        for (int h = 0; h < q; h++) {
            double bh = b[h];
            int base = h * l;
            for (int j = 0; j < l; j++) yhat[j] += w[base + j] * bh;
        }
        double E = 0;
        for (int j = 0; j < l; j++) {
            double y = sigmoid(yhat[j]);
            yhat[j] = y;
            double diff = y - Y[yo + j];
            E += 0.5 * diff * diff;
        }
        return E;
    }

    /** after forward: compute g_j and e_h (uses current w). */
    void backward(double[] Y, int yo) {
        final int q = this.q, l = this.l;
        for (int j = 0; j < l; j++) {
            double y = yhat[j];
            g[j] = y * (1 - y) * (Y[yo + j] - y);
        }
        for (int h = 0; h < q; h++) {
            double s = 0;
            int base = h * l;
            for (int j = 0; j < l; j++) s += w[base + j] * g[j];
            double bh = b[h];
            e[h] = bh * (1 - bh) * s;
        }
    }

    /** standard BP: one epoch of per-sample forward+backward+update over n samples. Returns mean E. */
    double epochStandard(double[] X, double[] Y, int n, double eta) {
        final int d = this.d, q = this.q, l = this.l;
        double sumE = 0;
        for (int k = 0; k < n; k++) {
            int xo = k * d, yo = k * l;
            sumE += forward(X, xo, Y, yo);
            backward(Y, yo);
            for (int h = 0; h < q; h++) {
                double ebh = eta * b[h];
                int base = h * l;
                for (int j = 0; j < l; j++) w[base + j] += ebh * g[j];
            }
            for (int j = 0; j < l; j++) theta[j] -= eta * g[j];
            for (int i = 0; i < d; i++) {
                double exi = eta * X[xo + i];
                int base = i * q;
                for (int h = 0; h < q; h++) v[base + h] += exi * e[h];
            }
            for (int h = 0; h < q; h++) gamma[h] -= eta * e[h];
        }
        return sumE / n;
    }

    /** accumulated BP: one epoch = accumulate per-sample gradients of E_k, then one update with the mean. */
    double epochAccumulated(double[] X, double[] Y, int n, double eta) {
        final int d = this.d, q = this.q, l = this.l;
        Arrays.fill(gv, 0); Arrays.fill(ggamma, 0); Arrays.fill(gw, 0); Arrays.fill(gtheta, 0);
        double sumE = 0;
        for (int k = 0; k < n; k++) {
            int xo = k * d, yo = k * l;
            sumE += forward(X, xo, Y, yo);
            backward(Y, yo);
            // accumulate "descent directions" (= -dE/dparam)
            for (int h = 0; h < q; h++) {
                double bh = b[h];
                int base = h * l;
                for (int j = 0; j < l; j++) gw[base + j] += bh * g[j];
            }
            for (int j = 0; j < l; j++) gtheta[j] -= g[j];
            for (int i = 0; i < d; i++) {
                double xi = X[xo + i];
                int base = i * q;
                for (int h = 0; h < q; h++) gv[base + h] += xi * e[h];
            }
            for (int h = 0; h < q; h++) ggamma[h] -= e[h];
        }
        double s = eta / n;
        for (int k = 0; k < w.length; k++) w[k] += s * gw[k];
        for (int k = 0; k < l; k++) theta[k] += s * gtheta[k];
        for (int k = 0; k < v.length; k++) v[k] += s * gv[k];
        for (int k = 0; k < q; k++) gamma[k] += s * ggamma[k];
        return sumE / n;
    }

    /** analytic gradient dE_k/dparam for one sample, packed as [v, gamma, w, theta]. */
    double[] analyticGrad(double[] x, double[] y) {
        forward(x, 0, y, 0);
        backward(y, 0);
        double[] grad = new double[d * q + q + q * l + l];
        int o = 0;
        for (int i = 0; i < d; i++) for (int h = 0; h < q; h++) grad[o++] = -e[h] * x[i];
        for (int h = 0; h < q; h++) grad[o++] = e[h];
        for (int h = 0; h < q; h++) for (int j = 0; j < l; j++) grad[o++] = -g[j] * b[h];
        for (int j = 0; j < l; j++) grad[o++] = g[j];
        return grad;
    }

    double[] paramArray(int idx, int[] off) {
        int nv = d * q, ng = q, nw = q * l;
        if (idx < nv) { off[0] = idx; return v; }
        idx -= nv;
        if (idx < ng) { off[0] = idx; return gamma; }
        idx -= ng;
        if (idx < nw) { off[0] = idx; return w; }
        idx -= nw;
        off[0] = idx; return theta;
    }

    /** central finite differences; returns {max abs err, max elementwise rel err, n checked, normwise rel err ||a-n||/||a||}. */
    double[] gradCheck(Random rnd, double hstep) {
        double[] x = new double[d], y = new double[l];
        for (int i = 0; i < d; i++) x[i] = rnd.nextDouble();
        for (int j = 0; j < l; j++) y[j] = rnd.nextInt(2);
        double[] ga = analyticGrad(x, y);
        double maxAbs = 0, maxRel = 0, sd = 0, sa = 0;
        int[] off = new int[1];
        for (int p = 0; p < ga.length; p++) {
            double[] arr = paramArray(p, off);
            double old = arr[off[0]];
            arr[off[0]] = old + hstep;
            double ep = forward(x, 0, y, 0);
            arr[off[0]] = old - hstep;
            double em = forward(x, 0, y, 0);
            arr[off[0]] = old;
            double num = (ep - em) / (2 * hstep);
            double abs = Math.abs(num - ga[p]);
            double rel = abs / Math.max(Math.abs(num) + Math.abs(ga[p]), 1e-12);
            maxAbs = Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
            sd += abs * abs;
            sa += ga[p] * ga[p];
        }
        return new double[]{maxAbs, maxRel, ga.length, Math.sqrt(sd / sa)};
    }

    void copyFrom(HandBP o) {
        System.arraycopy(o.v, 0, v, 0, v.length);
        System.arraycopy(o.gamma, 0, gamma, 0, q);
        System.arraycopy(o.w, 0, w, 0, w.length);
        System.arraycopy(o.theta, 0, theta, 0, l);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return (n % 2 == 1) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    interface Epoch { double run(); }

    /** warm-up for warmSec, then calibrate epochs-per-rep to ~secPerRep, then time reps. */
    static double[] bench(String name, Epoch ep, int n, double warmSec, double secPerRep, int reps) {
        long t0 = System.nanoTime();
        int warmEpochs = 0;
        double lastE = 0;
        while ((System.nanoTime() - t0) < warmSec * 1e9) { lastE = ep.run(); warmEpochs++; }
        double perEpoch = (System.nanoTime() - t0) / 1e9 / warmEpochs;
        int epochs = Math.max(1, (int) Math.round(secPerRep / perEpoch));
        double[] sps = new double[reps];
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            for (int k = 0; k < epochs; k++) lastE = ep.run();
            double dt = (System.nanoTime() - s) / 1e9;
            sps[r] = (double) epochs * n / dt;
        }
        double med = median(sps);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < reps; r++) sb.append(r == 0 ? "" : ", ").append(String.format("%.4g", sps[r]));
        System.out.printf("  %-12s warm-up %d epochs; %d reps x %d epochs x %d samples; samples/s reps=[%s] median=%.4g; mean E after=%.5f%n",
                name, warmEpochs, reps, epochs, n, sb, med, lastE);
        return new double[]{med, lastE};
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: java HandBP d q l n [seconds_per_rep=2] [reps=3] [warmup_seconds=3] [seed=42]");
            System.exit(2);
        }
        int d = Integer.parseInt(args[0]), q = Integer.parseInt(args[1]), l = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        double secPerRep = args.length > 4 ? Double.parseDouble(args[4]) : 2.0;
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        double warmSec = args.length > 6 ? Double.parseDouble(args[6]) : 3.0;
        long seed = args.length > 7 ? Long.parseLong(args[7]) : 42L;
        double eta = 0.1;

        System.out.printf("HandBP (d,q,l)=(%d,%d,%d) n=%d seed=%d eta=%.3g java=%s vm=%s%n",
                d, q, l, n, seed, eta, System.getProperty("java.version"), System.getProperty("java.vm.name"));

        Random rnd = new Random(seed);
        // synthetic data: x ~ U[0,1)^d; y: l==1 -> random 0/1, else one-hot of a random class
        double[] X = new double[n * d], Y = new double[n * l];
        for (int k = 0; k < n * d; k++) X[k] = rnd.nextDouble();
        for (int k = 0; k < n; k++) {
            if (l == 1) Y[k] = rnd.nextInt(2);
            else Y[k * l + rnd.nextInt(l)] = 1.0;
        }
        HandBP init = new HandBP(d, q, l, rnd);

        // gradient check at a random point (random params, random sample)
        HandBP chk = new HandBP(d, q, l, new Random(seed + 1));
        long tc = System.nanoTime();
        double[] gc = chk.gradCheck(new Random(seed + 2), 1e-5);
        System.out.printf("  gradcheck   %d params, central FD h=1e-5: max abs err=%.3e, max elementwise rel err=%.3e (|a-n|/max(|a|+|n|,1e-12)), normwise rel err ||a-n||/||a||=%.3e [%.2fs]%n",
                (int) gc[2], gc[0], gc[1], gc[3], (System.nanoTime() - tc) / 1e9);

        HandBP std = new HandBP(d, q, l, new Random(0));
        std.copyFrom(init);
        double[] rs = bench("standard", () -> std.epochStandard(X, Y, n, eta), n, warmSec, secPerRep, reps);

        HandBP acc = new HandBP(d, q, l, new Random(0));
        acc.copyFrom(init);
        double[] ra = bench("accumulated", () -> acc.epochAccumulated(X, Y, n, eta), n, warmSec, secPerRep, reps);

        System.out.printf("RESULT java d=%d q=%d l=%d n=%d standard_sps=%.4g accumulated_sps=%.4g gradcheck_maxrel=%.3e gradcheck_maxabs=%.3e gradcheck_normrel=%.3e%n",
                d, q, l, n, rs[0], ra[0], gc[1], gc[0], gc[3]);
    }
}
