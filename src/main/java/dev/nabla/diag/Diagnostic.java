package dev.nabla.diag;

/** One problem found in a user's input, located by its span. */
public record Diagnostic(SourceSpan span, String message) {
}
