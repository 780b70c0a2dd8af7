package dev.nabla.sema;

import dev.nabla.diag.SourceSpan;

/** A symbolic size ({@code dim q}); {@code defaultSize} is null unless given ({@code dim q = 10}). */
public record DimSymbol(String name, Integer defaultSize, SourceSpan span) implements Symbol {
}
