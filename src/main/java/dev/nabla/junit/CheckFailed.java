package dev.nabla.junit;

import org.opentest4j.AssertionFailedError;

/**
 * A check that does not hold. Its message is the whole story (verdict line, counterexample), so
 * it has no stack trace: one into nabla's engine would only hide the counterexample.
 */
final class CheckFailed extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    CheckFailed(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
