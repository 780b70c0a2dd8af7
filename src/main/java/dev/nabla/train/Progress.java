package dev.nabla.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a run's progress on standard error: on a terminal a live bar redrawn in place (epoch,
 * training and validation loss); elsewhere, as in a log file, plain lines, at most one a second
 * besides the first and the last epoch.
 */
public final class Progress implements EpochListener {
    private static final int BAR = 30;
    private static final long PLAIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long lastLine = Long.MIN_VALUE;
    private boolean drawn;

    /** @param terminal whether standard error is a terminal ({@code System.console() != null}) */
    public Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void epoch(Epoch e) {
        String restart = e.restarts() > 1 ? "restart " + e.restart() + "/" + e.restarts() + ", " : "";
        String losses = String.format(Locale.ROOT, "loss %.6g", e.loss()) + (Double.isNaN(e.validationLoss()) ? ""
                : String.format(Locale.ROOT, ", validation loss %.6g", e.validationLoss()));
        if (terminal) {
            int filled = (int) ((long) BAR * e.epoch() / e.maxEpochs());
            err.print("\r" + restart + "epoch " + e.epoch() + "/" + e.maxEpochs() + " ["
                    + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + losses + "   ");
            err.flush();
            drawn = true;
            return;
        }
        long now = System.nanoTime();
        if (e.epoch() == 1 || e.epoch() == e.maxEpochs() || now - lastLine >= PLAIN_INTERVAL_NANOS) {
            err.println(restart + "epoch " + e.epoch() + "/" + e.maxEpochs() + ": " + losses);
            err.flush();
            lastLine = now;
        }
    }

    /** Ends the live bar's line, so that what follows starts on a line of its own. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
