package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import dev.nabla.ir.Fn;
import dev.nabla.syntax.Ast;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names a file declares or defines, collected before any body is checked so that a name
 * may be used before its declaration. A definition's shape is known only once its body has
 * been checked; until then its dims are null.
 */
final class Declarations {
    enum Kind { DIM, LEAF, DEFINITION }

    private final Diagnostics diags;
    /** Every name in source order; a redefinition keeps the first. */
    private final Map<String, Kind> kinds = new LinkedHashMap<>();
    private final Map<String, SourceSpan> declaredAt = new HashMap<>();
    private final Map<String, DimSymbol> dims = new HashMap<>();
    private final Map<String, LeafSymbol> leaves = new LinkedHashMap<>();
    private final Map<String, Ast.Definition> definitions = new LinkedHashMap<>();
    private final Map<String, List<DimSymbol>> definitionShapes = new HashMap<>();

    private Declarations(Diagnostics diags) {
        this.diags = diags;
    }

    static Declarations collect(Ast.NablaFile file, Diagnostics diags) {
        Declarations d = new Declarations(diags);
        List<Ast.LeafDecl> leafDecls = new ArrayList<>();
        for (Ast.Statement s : file.statements()) {
            if (s instanceof Ast.DimDecl dimDecl) {
                for (Ast.DimItem item : dimDecl.items()) {
                    Integer size = item.size() == null ? null : dimSize(item, diags);
                    if (d.declare(item.name(), Kind.DIM)) {
                        d.dims.put(item.name().text(), new DimSymbol(item.name().text(), size, item.name().span()));
                    }
                }
            } else if (s instanceof Ast.LeafDecl leafDecl) {
                leafDecls.add(leafDecl);
                for (Ast.LeafItem item : leafDecl.items()) {
                    d.declare(item.name(), Kind.LEAF);
                }
            } else if (s instanceof Ast.Definition def) {
                if (d.declare(def.name(), Kind.DEFINITION)) {
                    d.definitions.put(def.name().text(), def);
                    d.definitionShapes.put(def.name().text(), Collections.nCopies(def.indices().size(), null));
                }
            }
        }
        // leaves second: a shape may name a dim declared further down
        for (Ast.LeafDecl leafDecl : leafDecls) {
            d.declareLeaves(leafDecl);
        }
        return d;
    }

    /** The size given to a dim, or null after reporting that it is not an integer of at least 1. */
    static Integer dimSize(Ast.DimItem item, Diagnostics diags) {
        BigDecimal size = item.size();
        String name = item.name().text();
        boolean integer = size.signum() == 0 || size.stripTrailingZeros().scale() <= 0;
        if (!integer || size.signum() <= 0) {
            diags.error(item.span(), "the size of dim '" + name + "' must be an integer of at least 1, not "
                    + size.toPlainString());
            return null;
        }
        if (size.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            diags.error(item.span(), "the size of dim '" + name + "' is too large: " + size.toPlainString());
            return null;
        }
        return size.intValueExact();
    }

    private boolean declare(Ast.Name name, Kind kind) {
        String text = name.text();
        if (Fn.bySpelling(text) != null) {
            diags.error(name.span(), "'" + text + "' is a built-in function; choose another name");
            return false;
        }
        SourceSpan first = declaredAt.get(text);
        if (first != null) {
            diags.error(name.span(), "redefinition of '" + text + "' (first declared at line " + first.line() + ")");
            return false;
        }
        kinds.put(text, kind);
        declaredAt.put(text, name.span());
        return true;
    }

    private void declareLeaves(Ast.LeafDecl decl) {
        ValueDomain domain = Domains.convert(decl.domain(), diags);
        for (Ast.LeafItem item : decl.items()) {
            String name = item.name().text();
            // a redefinition or a built-in name was reported already; still check its shape and value
            boolean declared = kinds.get(name) == Kind.LEAF && declaredAt.get(name) == item.name().span();
            List<DimSymbol> shape = new ArrayList<>();
            for (Ast.Name dim : item.shape()) {
                shape.add(shapeDim(dim));
            }
            BigDecimal value = item.value() == null ? null : fixedValue(decl, item, shape, domain);
            if (declared) {
                leaves.put(name, new LeafSymbol(name, decl.kind(), Collections.unmodifiableList(shape),
                        domain == null ? ValueDomain.DEFAULT : domain, value, item.name().span()));
            }
        }
    }

    private DimSymbol shapeDim(Ast.Name dim) {
        return dim(dim, "a shape lists dims");
    }

    /** The dim a name in a shape or an index range refers to; null after reporting that it is none. */
    DimSymbol dim(Ast.Name dim, String why) {
        Kind kind = kinds.get(dim.text());
        if (kind == null) {
            diags.error(dim.span(), "undeclared dim '" + dim.text() + "'");
        } else if (kind != Kind.DIM) {
            diags.error(dim.span(), "'" + dim.text() + "' is not a dim; " + why);
        }
        return dims.get(dim.text());
    }

    private BigDecimal fixedValue(Ast.LeafDecl decl, Ast.LeafItem item, List<DimSymbol> shape, ValueDomain domain) {
        String name = item.name().text();
        SourceSpan at = item.value().span();
        // the parser already rejects a value on anything but a const
        if (!shape.isEmpty()) {
            diags.error(at, "only a scalar const can be given a value, but '" + name + "' takes "
                    + Messages.indexCount(shape.size()));
            return null;
        }
        BigDecimal value = ConstantExpressions.exactValue(item.value(), this, diags);
        // the default range [-2, 2] is where undeclared values are drawn, not a bound on a fixed one
        if (value != null && decl.domain() != null && domain != null && !Domains.contains(decl.domain(), value)) {
            diags.error(at, "value " + value.toPlainString() + " of '" + name + "' is outside its domain "
                    + Domains.render(decl.domain()));
        }
        return value;
    }

    /**
     * The built-in that {@code call} names, or null after reporting that it names none or is
     * given the wrong number of arguments.
     */
    Fn function(Ast.Call call, Diagnostics diags) {
        String name = call.function().text();
        Fn b = Fn.bySpelling(name);
        if (b == null) {
            Kind kind = kinds.get(name);
            if (kind == Kind.DIM) {
                diags.error(call.function().span(), "'" + name + "' is a dim, not a function");
            } else if (kind != null) {
                diags.error(call.function().span(), "'" + name + "' is not a function; index it with [ ]");
            } else {
                diags.error(call.function().span(), "unknown function '" + name + "'");
            }
            return null;
        }
        int given = call.args().size();
        if (given != Fn.ARITY) {
            diags.error(call.function().span(), "'" + name + "' takes 1 argument but "
                    + (given == 0 ? "none were given" : given + " were given"));
            return null;
        }
        return b;
    }

    Kind kind(String name) {
        return kinds.get(name);
    }

    /** Every declared or defined name, in source order. */
    Iterable<String> names() {
        return kinds.keySet();
    }

    SourceSpan declaredAt(String name) {
        return declaredAt.get(name);
    }

    DimSymbol dim(String name) {
        return dims.get(name);
    }

    LeafSymbol leaf(String name) {
        return leaves.get(name);
    }

    Map<String, LeafSymbol> leaves() {
        return leaves;
    }

    Ast.Definition definition(String name) {
        return definitions.get(name);
    }

    Map<String, Ast.Definition> definitions() {
        return definitions;
    }

    /** The dims of a leaf's or definition's slots (null entries where an error left one unknown). */
    List<DimSymbol> shape(String name) {
        LeafSymbol leaf = leaves.get(name);
        return leaf != null ? leaf.shape() : definitionShapes.get(name);
    }

    void setDefinitionShape(String name, List<DimSymbol> shape) {
        definitionShapes.put(name, Collections.unmodifiableList(new ArrayList<>(shape)));
    }
}
