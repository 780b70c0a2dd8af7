package dev.nabla.sema;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.SourceFile;
import dev.nabla.syntax.Ast;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked {@code .nabla} file: every name resolved to its symbol, definitions in an order
 * where each comes after everything it uses, and every index occurrence bound to its
 * {@link IndexVar}. Lowering to IR and the verifier read only this.
 *
 * @param symbols      every declared or defined name, in source order
 * @param definitions  the definitions, topologically ordered (dependencies first)
 * @param indexVars    for each index occurrence ({@link Ast.IndexName}) and each index binder
 *                     ({@link Ast.Name} of a definition's left-hand side or of a {@code sum}),
 *                     its variable; keyed by node identity
 * @param freeIndices  the free indices, in order of first appearance, of each checked
 *                     statement: every {@link Ast.Claim}, {@link Ast.Derive} (one scope for the
 *                     whole chain) and {@link Ast.Expect}; keyed by node identity
 * @param train        the {@code train} statement, or null
 * @param exampleSizes for each {@link Ast.Example}, the size of every dim it fixes (its own
 *                     {@code dim} line, else the dim's default, else inferred from its first
 *                     array along that dim); keyed by node identity
 * @param illFormed    the claims, derive chains and examples that are ill-formed, each with its
 *                     errors: the rest of the program is sound, so they get the verdict
 *                     {@code error} while everything else is still checked; keyed by identity
 */
public record Program(SourceFile source, Ast.NablaFile file, Map<String, Symbol> symbols,
                      List<DefinitionSymbol> definitions, IdentityHashMap<Ast.Node, IndexVar> indexVars,
                      IdentityHashMap<Ast.Node, List<IndexVar>> freeIndices, Ast.Train train,
                      IdentityHashMap<Ast.Example, Map<DimSymbol, Integer>> exampleSizes,
                      IdentityHashMap<Ast.Statement, List<Diagnostic>> illFormed) {

    public Program {
        symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
        definitions = List.copyOf(definitions);
    }

    /** The errors of an ill-formed claim, derive chain or example; empty for a well-formed one. */
    public List<Diagnostic> errorsOf(Ast.Statement statement) {
        return illFormed.getOrDefault(statement, List.of());
    }

    /** Every error of the ill-formed statements, statement by statement in source order. */
    public List<Diagnostic> statementErrors() {
        List<Diagnostic> all = new java.util.ArrayList<>();
        for (Ast.Statement s : file.statements()) {
            all.addAll(errorsOf(s));
        }
        return all;
    }

    public Symbol symbol(String name) {
        return symbols.get(name);
    }

    public IndexVar indexVar(Ast.Node occurrence) {
        IndexVar v = indexVars.get(occurrence);
        if (v == null) {
            throw new IllegalStateException("unresolved index at " + occurrence.span());
        }
        return v;
    }

    public List<IndexVar> freeIndices(Ast.Node statement) {
        List<IndexVar> v = freeIndices.get(statement);
        if (v == null) {
            throw new IllegalStateException("no index scope for statement at " + statement.span());
        }
        return v;
    }

    /** The size of every dim that {@code example} fixes. */
    public Map<DimSymbol, Integer> sizes(Ast.Example example) {
        Map<DimSymbol, Integer> sizes = exampleSizes.get(example);
        if (sizes == null) {
            throw new IllegalStateException("no sizes for example at " + example.span());
        }
        return sizes;
    }

    public List<DimSymbol> dims() {
        return symbols.values().stream().filter(s -> s instanceof DimSymbol).map(s -> (DimSymbol) s).toList();
    }

    public List<LeafSymbol> leaves() {
        return symbols.values().stream().filter(s -> s instanceof LeafSymbol).map(s -> (LeafSymbol) s).toList();
    }
}
