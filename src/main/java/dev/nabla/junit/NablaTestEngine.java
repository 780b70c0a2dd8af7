package dev.nabla.junit;

import dev.nabla.api.Settings;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

import java.util.ArrayList;
import java.util.Optional;

/**
 * The JUnit Platform engine {@code nabla}: every claim, derive chain and example of the files a
 * {@link Derivations} class names (or that file and folder selectors select) is a test.
 * Proved and tested pass; refuted, inconclusive and error fail, with the verdict line and the
 * counterexample as the message. Configuration parameters {@code nabla.seed},
 * {@code nabla.samples} and {@code nabla.max-size} set what {@code nabla check}'s options do.
 */
public final class NablaTestEngine implements TestEngine {
    public static final String ID = "nabla";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.nabla");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("nabla");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor root = new EngineDescriptor(uniqueId, "nabla");
        new Discovery(root).resolve(request);
        return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
        Settings settings = null;
        CheckFailed badSettings = null;
        try {
            settings = settings(request.getConfigurationParameters());
        } catch (IllegalArgumentException e) {
            badSettings = new CheckFailed(e.getMessage());
        }
        run(request.getRootTestDescriptor(), request.getEngineExecutionListener(), settings, badSettings);
    }

    /** Runs a node and its children; with {@code badSettings}, every test fails with it. */
    private static void run(TestDescriptor d, EngineExecutionListener listener, Settings settings,
                            CheckFailed badSettings) {
        listener.executionStarted(d);
        TestExecutionResult result = TestExecutionResult.successful();
        if (d instanceof ProblemDescriptor) {
            result = TestExecutionResult.failed(((ProblemDescriptor) d).problem());
        } else if (d instanceof CheckDescriptor) {
            result = badSettings != null ? TestExecutionResult.failed(badSettings)
                    : check((CheckDescriptor) d, settings);
        } else {
            for (TestDescriptor child : new ArrayList<>(d.getChildren())) {
                run(child, listener, settings, badSettings);
            }
        }
        listener.executionFinished(d, result);
    }

    private static TestExecutionResult check(CheckDescriptor d, Settings settings) {
        try {
            return d.run(settings);
        } catch (StackOverflowError e) {
            return TestExecutionResult.failed(new CheckFailed("the input is nested too deeply to process"));
        } catch (RuntimeException e) {
            return TestExecutionResult.failed(e); // a bug in nabla: its stack trace says where
        }
    }

    /** The settings the configuration parameters give, defaults for those not set. */
    static Settings settings(ConfigurationParameters parameters) {
        Settings s = Settings.DEFAULT;
        Optional<String> seed = parameters.get("nabla.seed");
        if (seed.isPresent()) {
            try {
                s = s.withSeed(Long.parseLong(seed.get().trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration parameter nabla.seed must be an integer, not '"
                        + seed.get() + "'");
            }
        }
        Optional<String> samples = parameters.get("nabla.samples");
        if (samples.isPresent()) {
            s = s.withSamples(positive("nabla.samples", samples.get()));
        }
        Optional<String> maxSize = parameters.get("nabla.max-size");
        if (maxSize.isPresent()) {
            s = s.withMaxSize(positive("nabla.max-size", maxSize.get()));
        }
        return s;
    }

    private static int positive(String name, String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            throw new IllegalArgumentException("configuration parameter " + name
                    + " must be an integer of at least 1, not '" + value + "'");
        }
        return n;
    }
}
