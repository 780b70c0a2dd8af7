package dev.nabla.train;

/**
 * How many samples one update sees: one ({@code standard}, the book's standard BP), all the
 * training rows ({@code accumulated}, 5.16: one update per epoch on the mean gradient), or a
 * minibatch of {@code batch} rows ({@code minibatch:N}, on the mean gradient of the batch, so that
 * minibatch:1 is standard and a batch of every row is accumulated).
 *
 * @param batch the rows per update, 0 for every training row
 */
public record Mode(String name, int batch) {
    public static final Mode STANDARD = new Mode("standard", 1);
    public static final Mode ACCUMULATED = new Mode("accumulated", 0);

    public Mode {
        if (batch < 0) {
            throw new IllegalArgumentException("a batch of " + batch + " rows");
        }
    }

    /**
     * The mode a command line names, {@code standard}, {@code accumulated} or {@code minibatch:N}.
     *
     * @throws IllegalArgumentException with a message for people
     */
    public static Mode parse(String text) {
        if (text.equals("standard")) {
            return STANDARD;
        }
        if (text.equals("accumulated")) {
            return ACCUMULATED;
        }
        if (text.startsWith("minibatch:")) {
            String n = text.substring("minibatch:".length());
            int batch;
            try {
                batch = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                batch = -1;
            }
            if (batch < 1) {
                throw new IllegalArgumentException("minibatch:" + n + " needs a batch size of at least 1, as in minibatch:32");
            }
            return new Mode("minibatch", batch);
        }
        throw new IllegalArgumentException("unknown mode '" + text + "': standard, accumulated or minibatch:N");
    }

    /** The rows one update sees when {@code rows} rows are trained on. */
    public int rowsPerUpdate(int rows) {
        return batch == 0 ? rows : Math.min(batch, rows);
    }

    public boolean accumulated() {
        return batch == 0;
    }

    @Override
    public String toString() {
        return name.equals("minibatch") ? "minibatch:" + batch : name;
    }
}
