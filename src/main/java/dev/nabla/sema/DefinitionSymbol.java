package dev.nabla.sema;

import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.Ast;

import java.util.List;

/** A defined node {@code name[i, j] = body}: its index variables, in slot order, and its syntax. */
public record DefinitionSymbol(String name, List<IndexVar> indices, Ast.Definition definition) implements Symbol {
    @Override
    public SourceSpan span() {
        return definition.name().span();
    }
}
