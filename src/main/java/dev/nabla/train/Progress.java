package dev.nabla.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a run's progress on standard error: on a terminal a live bar redrawn in place (epoch,
 * training and validation loss); elsewhere, as in a log file, plain lines, at most one a second
 * besides the first and the last epoch.
 */
public final class Progress implements Trainer.Listener {
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

    /** No progress at all ({@code --quiet}). */
    public static Trainer.Listener none() {
        return (state, options) -> { };
    }

    @Override
    public void epoch(TrainingState state, TrainOptions options) {
        String restart = options.restarts() > 1 ? "restart " + (state.restart + 1) + "/" + options.restarts() + ", " : "";
        String losses = String.format(Locale.ROOT, "loss %.6g", state.loss)
                + (state.history.isEmpty() || Double.isNaN(last(state).validationLoss()) ? ""
                : String.format(Locale.ROOT, ", validation loss %.6g", last(state).validationLoss()));
        if (terminal) {
            int filled = (int) ((long) BAR * state.epoch / options.epochs());
            err.print("\r" + restart + "epoch " + state.epoch + "/" + options.epochs() + " ["
                    + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + losses + "   ");
            err.flush();
            drawn = true;
            return;
        }
        long now = System.nanoTime();
        if (state.epoch == 1 || state.epoch == options.epochs() || now - lastLine >= PLAIN_INTERVAL_NANOS) {
            err.println(restart + "epoch " + state.epoch + "/" + options.epochs() + ": " + losses);
            err.flush();
            lastLine = now;
        }
    }

    private static TrainingState.Epoch last(TrainingState state) {
        return state.history.get(state.history.size() - 1);
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
