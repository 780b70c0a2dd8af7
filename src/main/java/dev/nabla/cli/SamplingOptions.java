package dev.nabla.cli;

import dev.nabla.api.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of random checking, shared by {@code check} and {@code report}: one home for them and their bounds. */
final class SamplingOptions {
    @Option(names = "--samples", paramLabel = "N", description = "Random instantiations per check (default: ${DEFAULT-VALUE}).")
    int samples = Settings.DEFAULT.samples();

    @Option(names = "--max-size", paramLabel = "N", description = "Largest size drawn for a dim (default: ${DEFAULT-VALUE}).")
    int maxSize = Settings.DEFAULT.maxSize();

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random instantiations (default: ${DEFAULT-VALUE}).")
    long seed = Settings.DEFAULT.seed();

    /** The settings, or a usage error (exit 2) for a count below 1. */
    Settings settings(CommandLine command) {
        if (samples < 1 || maxSize < 1) {
            throw new CommandLine.ParameterException(command, "--samples and --max-size must be at least 1, not "
                    + samples + " and " + maxSize);
        }
        return new Settings(seed, samples, maxSize);
    }
}
