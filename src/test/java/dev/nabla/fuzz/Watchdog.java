package dev.nabla.fuzz;

import dev.nabla.cli.Cli;

/**
 * Runs the CLI in-process on a thread of its own with a deep stack (as {@code Main.main} does)
 * and gives up after a time limit, so that a hang is reported rather than waited for.
 */
final class Watchdog {
    private static final long STACK_BYTES = 1L << 30;

    private Watchdog() {
    }

    /** A run, or null in run() when it did not finish in time; millis is the time taken. */
    record Timed(Cli.Run run, long millis) {
        boolean timedOut() {
            return run == null;
        }
    }

    static Timed run(long limitMillis, String... args) {
        Cli.Run[] result = new Cli.Run[1];
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(null, () -> {
            try {
                result[0] = Cli.run(args);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "fuzz-case", STACK_BYTES);
        worker.setDaemon(true);
        long start = System.nanoTime();
        worker.start();
        try {
            worker.join(limitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (worker.isAlive()) {
            stop(worker);
            return new Timed(null, millis);
        }
        if (thrown[0] != null) {
            // Main.execute catches everything; something escaping it is an internal error too
            return new Timed(new Cli.Run(70, "", "nabla: internal error: " + thrown[0] + "\n"), millis);
        }
        return new Timed(result[0], millis);
    }

    /** A hung run must not keep a core busy for the rest of the campaign. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread worker) {
        try {
            worker.stop();
        } catch (UnsupportedOperationException e) {
            // Java 20+: the daemon thread is abandoned instead
        }
    }
}
