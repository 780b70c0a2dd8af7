package dev.nabla.sema;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.syntax.Ast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the meaning of a parsed file and produces the {@link Program} that lowering and the
 * verifier read. Every problem is reported to the diagnostics sink, all of them in one run.
 */
public final class Resolver {
    private final SourceFile source;
    private final Ast.NablaFile file;
    private final Diagnostics diags;
    private final Declarations decls;
    private final IdentityHashMap<Ast.Node, IndexVar> indexVars = new IdentityHashMap<>();
    private final IdentityHashMap<Ast.Node, List<IndexVar>> freeIndices = new IdentityHashMap<>();
    private final Map<String, DefinitionSymbol> definitionSymbols = new HashMap<>();
    /** The literal positions in each definition's body, for examples to check against their sizes. */
    private final Map<String, List<IndexScope.LiteralSlot>> definitionLiterals = new HashMap<>();
    private Resolver(SourceFile source, Ast.NablaFile file, Diagnostics diags) {
        this.source = source;
        this.file = file;
        this.diags = diags;
        this.decls = Declarations.collect(file, diags);
    }

    /**
     * Resolves {@code file}, read from {@code source}. Returns the program, or null if any
     * problem was reported (each as a diagnostic with its position). Problems confined to a
     * claim, derive chain or example do not void the program: they are kept in it
     * ({@link Program#illFormed}), so those statements get the verdict {@code error} while the
     * rest is checked; only if the program has other errors too are they reported here.
     */
    public static Program resolve(SourceFile source, Ast.NablaFile file, Diagnostics diags) {
        if (file == null) {
            return null;
        }
        // checks run by kind (declarations, definitions, statements): report in source order instead
        Diagnostics found = new Diagnostics();
        Program program = new Resolver(source, file, found).run();
        inSourceOrder(found.errors()).forEach(d -> diags.error(d.span(), d.message()));
        return program;
    }

    private static List<Diagnostic> inSourceOrder(List<Diagnostic> errors) {
        return errors.stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.span().line())
                        .thenComparingInt(d -> d.span().column()))
                .toList();
    }

    private Program run() {
        DefinitionOrder order = DefinitionOrder.of(decls, diags);
        // in dependency order, so that each body sees the ranges of the definitions it uses
        for (Ast.Definition def : order.sorted()) {
            define(def, true);
        }
        for (Ast.Definition def : order.blocked()) {
            define(def, true);
        }
        IdentityHashMap<Ast.Example, Map<DimSymbol, Integer>> exampleSizes = new IdentityHashMap<>();
        IdentityHashMap<Ast.Statement, List<Diagnostic>> illFormed = new IdentityHashMap<>();
        Ast.Train train = null;
        for (Ast.Statement s : file.statements()) {
            // a checked statement's own errors make it ill-formed, not the whole program
            Diagnostics own = new Diagnostics();
            if (s instanceof Ast.Definition def && decls.definition(def.name().text()) != def) {
                define(def, false); // a redefinition, reported already; its body may hold more errors
            } else if (s instanceof Ast.Claim c) {
                claim(c, own);
            } else if (s instanceof Ast.Derive d) {
                derive(d, own);
            } else if (s instanceof Ast.Example e) {
                ExampleResolver examples = new ExampleResolver(decls, own, indexVars, freeIndices, definitionLiterals);
                exampleSizes.put(e, examples.check(e));
            } else if (s instanceof Ast.Train t) {
                train(t, train);
                if (train == null) {
                    train = t;
                }
            }
            if (own.hasErrors()) {
                illFormed.put(s, inSourceOrder(own.errors()));
            }
        }
        if (diags.hasErrors()) {
            for (List<Diagnostic> errors : illFormed.values()) {
                errors.forEach(d -> diags.error(d.span(), d.message()));
            }
            return null;
        }
        Map<String, Symbol> symbols = new LinkedHashMap<>();
        for (String name : decls.names()) {
            switch (decls.kind(name)) {
                case DIM: symbols.put(name, decls.dim(name)); break;
                case LEAF: symbols.put(name, decls.leaf(name)); break;
                default: symbols.put(name, definitionSymbols.get(name)); break;
            }
        }
        List<DefinitionSymbol> definitions = order.sorted().stream()
                .map(def -> definitionSymbols.get(def.name().text())).toList();
        return new Program(source, file, symbols, definitions, indexVars, freeIndices, train, exampleSizes,
                illFormed);
    }

    /**
     * Checks a definition; its left-hand indices must be exactly the free indices of its body,
     * except those that declare their range: the body need not mention such an index, and the
     * tensor is then constant along it ({@code dE_dw[i in n] = 1}).
     */
    private void define(Ast.Definition def, boolean register) {
        String name = def.name().text();
        IndexScope scope = new IndexScope(decls, diags);
        Set<String> body = scope.check(def.body());
        List<String> lhs = new ArrayList<>();
        Map<String, DimSymbol> constantAlong = new HashMap<>();
        for (int k = 0; k < def.indices().size(); k++) {
            Ast.Name index = def.indices().get(k);
            if (lhs.contains(index.text())) {
                diags.error(index.span(), "repeated index '" + index.text() + "' on the left-hand side of '"
                        + name + "'");
            }
            lhs.add(index.text());
            scope.bindLeftHandSide(index);
            Ast.Name range = def.ranges().get(k);
            if (range != null) {
                DimSymbol dim = decls.dim(range, "an index ranges over a dim");
                if (body.contains(index.text())) {
                    scope.declareRange(index, dim);
                } else {
                    constantAlong.put(index.text(), dim);
                }
            }
        }
        Set<String> mentioned = new HashSet<>(lhs);
        mentioned.removeAll(constantAlong.keySet());
        if (!mentioned.equals(body)) {
            diags.error(def.name().span(), Messages.differentFreeIndices(lhs, body));
        }
        scope.close(indexVars);
        List<IndexVar> vars = new ArrayList<>();
        List<DimSymbol> shape = new ArrayList<>();
        for (Ast.Name index : def.indices()) {
            IndexVar v = body.contains(index.text()) ? scope.freeVar(index.text())
                    : new IndexVar(index.text(), constantAlong.get(index.text()));
            indexVars.put(index, v);
            vars.add(v);
            shape.add(v.dim());
        }
        if (register) {
            decls.setDefinitionShape(name, shape);
            definitionSymbols.put(name, new DefinitionSymbol(name, List.copyOf(vars), def));
            definitionLiterals.put(name, List.copyOf(scope.literals()));
        }
    }

    private void claim(Ast.Claim c, Diagnostics diags) {
        IndexScope scope = new IndexScope(decls, diags);
        Set<String> left = scope.check(c.lhs());
        Set<String> right = scope.check(c.rhs());
        if (!left.equals(right)) {
            diags.error(c.span(), Messages.differentFreeIndices(left, right));
        }
        scope.close(indexVars);
        Set<String> all = new LinkedHashSet<>(left);
        all.addAll(right);
        freeIndices.put(c, scope.freeVars(all));
    }

    /** One scope for the whole chain: an index means the same in every step. */
    private void derive(Ast.Derive d, Diagnostics diags) {
        IndexScope scope = new IndexScope(decls, diags);
        Set<String> all = new LinkedHashSet<>();
        Set<String> previous = null;
        for (Ast.Expr step : d.steps()) {
            Set<String> free = scope.check(step);
            if (previous != null && !previous.equals(free)) {
                diags.error(step.span(), Messages.differentFreeIndices(previous, free));
            }
            all.addAll(free);
            previous = free;
        }
        scope.close(indexVars);
        freeIndices.put(d, scope.freeVars(all));
    }

    private void train(Ast.Train t, Ast.Train first) {
        if (first != null) {
            diags.error(t.span(), "more than one train statement (first at line " + first.span().line() + ")");
        }
        String objective = t.objective().text();
        Declarations.Kind kind = decls.kind(objective);
        if (kind == null) {
            diags.error(t.objective().span(), Messages.undeclared(objective));
        } else if (kind == Declarations.Kind.DIM) {
            diags.error(t.objective().span(), "the objective must be a scalar definition or leaf, but '"
                    + objective + "' is a dim");
        } else if (!decls.shape(objective).isEmpty()) {
            List<DimSymbol> shape = decls.shape(objective);
            diags.error(t.objective().span(), "the objective '" + objective + "' must be a scalar, but it takes "
                    + Messages.indexCount(shape.size()) + " (" + Messages.dims(shape) + ")");
        }
        Set<String> listed = new HashSet<>();
        for (Ast.Name p : t.parameters()) {
            Declarations.Kind k = decls.kind(p.text());
            if (k == null) {
                diags.error(p.span(), Messages.undeclared(p.text()));
            } else if (!listed.add(p.text())) {
                diags.error(p.span(), "'" + p.text() + "' is listed twice");
            } else if (k != Declarations.Kind.LEAF || decls.leaf(p.text()).kind() != Ast.LeafKind.PARAM) {
                diags.error(p.span(), "'" + p.text() + "' is " + Messages.kindOf(k, decls.leaf(p.text()))
                        + ", not a param");
            }
        }
    }
}
