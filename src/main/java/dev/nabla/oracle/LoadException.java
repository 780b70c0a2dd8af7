package dev.nabla.oracle;

/**
 * A formula file that does not read, parse or resolve. The message is its diagnostics as
 * {@code nabla check} prints them: {@code file:line:col: error: message}, the source line and a caret.
 */
public final class LoadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    LoadException(String renderedDiagnostics) {
        super(renderedDiagnostics);
    }
}
