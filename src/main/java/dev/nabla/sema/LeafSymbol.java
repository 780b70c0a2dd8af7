package dev.nabla.sema;

import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.Ast.LeafKind;

import java.math.BigDecimal;
import java.util.List;

/**
 * A declared leaf of the computation graph: data ({@code input}, {@code target}), a trainable
 * {@code param}, or a {@code const}. {@code fixedValue} is set for {@code const c = 0.9} (else null).
 */
public record LeafSymbol(String name, LeafKind kind, List<DimSymbol> shape, ValueDomain domain,
                         BigDecimal fixedValue, SourceSpan span) implements Symbol {
}
