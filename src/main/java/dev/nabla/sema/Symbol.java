package dev.nabla.sema;

import dev.nabla.diag.SourceSpan;

/** What a declared or defined name stands for. */
public sealed interface Symbol permits DimSymbol, LeafSymbol, DefinitionSymbol {
    String name();

    /** Where the name was declared or defined. */
    SourceSpan span();
}
