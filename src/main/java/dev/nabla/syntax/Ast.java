package dev.nabla.syntax;

import dev.nabla.diag.SourceSpan;

import java.math.BigDecimal;
import java.util.List;

/**
 * The abstract syntax tree of a {@code .nabla} file: immutable records, each with its source
 * span first. It is a tree, so record equality is structural (spans included).
 */
public final class Ast {
    private Ast() {
    }

    /** Every syntax node knows where it came from. */
    public sealed interface Node permits NablaFile, Statement, DimItem, LeafItem, Domain, Name, Label, Expr, Index,
            ExampleItem, Value {
        SourceSpan span();
    }

    /** A whole file. */
    public record NablaFile(SourceSpan span, List<Statement> statements) implements Node {
    }

    /** A name as written, with its own span (declared names, dims in shapes, index binders). */
    public record Name(SourceSpan span, String text) implements Node {
    }

    /** A statement label: {@code "5.10"} (quoted) or a bare name. */
    public record Label(SourceSpan span, String text, boolean quoted) implements Node {
    }

    // ---- statements -------------------------------------------------------------------

    public sealed interface Statement extends Node permits DimDecl, LeafDecl, Definition, Claim, Derive, Example, Train {
    }

    /** {@code dim d, q = 10, l}. */
    public record DimDecl(SourceSpan span, List<DimItem> items) implements Statement {
    }

    /** One dim of a {@code dim} line; {@code size} is null when no default is given. */
    public record DimItem(SourceSpan span, Name name, BigDecimal size) implements Node {
    }

    public enum LeafKind {
        INPUT, TARGET, PARAM, CONST;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code param v[d, q], gamma[q] in (0, 1)}; {@code domain} is null when none is given. */
    public record LeafDecl(SourceSpan span, LeafKind kind, List<LeafItem> items, Domain domain) implements Statement {
    }

    /** One leaf of a declaration: its shape (dim names) and, for {@code const c = 0.9}, its value (else null). */
    public record LeafItem(SourceSpan span, Name name, List<Name> shape, Expr value) implements Node {
    }

    /**
     * {@code name[i, j] = expr}; {@code indices} is empty for a scalar. {@code ranges} has one
     * entry per index: the dim declared with {@code j in l}, or null where the body's slots
     * give the range (an extension: an index that only a delta mentions needs it).
     */
    public record Definition(SourceSpan span, Name name, List<Name> indices, List<Name> ranges, Expr body)
            implements Statement {
        public Definition {
            if (ranges.size() != indices.size()) {
                throw new IllegalArgumentException("one range entry per index");
            }
            ranges = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(ranges));
        }

        /** A definition whose index ranges all come from the body. */
        public Definition(SourceSpan span, Name name, List<Name> indices, Expr body) {
            this(span, name, indices, java.util.Collections.nCopies(indices.size(), null), body);
        }
    }

    /**
     * {@code claim LABEL: lhs == rhs}, or with {@code refute} an identity that must be false
     * (an extension: it passes on a counterexample); {@code label} may be null.
     */
    public record Claim(SourceSpan span, Label label, Expr lhs, Expr rhs, boolean refute) implements Statement {
        /** {@code claim LABEL: lhs == rhs}. */
        public Claim(SourceSpan span, Label label, Expr lhs, Expr rhs) {
            this(span, label, lhs, rhs, false);
        }

        /** {@code claim} or {@code refute}. */
        public String keyword() {
            return refute ? "refute" : "claim";
        }
    }

    /** {@code derive LABEL { e0 = e1 = ... }}: at least two steps; {@code label} may be null. */
    public record Derive(SourceSpan span, Label label, List<Expr> steps) implements Statement {
    }

    /** {@code example LABEL { ... }}; {@code label} may be null. */
    public record Example(SourceSpan span, Label label, List<ExampleItem> items) implements Statement {
    }

    /** {@code train minimize E over p1, p2}. */
    public record Train(SourceSpan span, Name objective, List<Name> parameters) implements Statement {
    }

    // ---- domains ----------------------------------------------------------------------

    public sealed interface Domain extends Node permits Interval, ValueSet, Bound {
    }

    /** {@code in (lo, hi]} and its variants. */
    public record Interval(SourceSpan span, BigDecimal lo, boolean loClosed, BigDecimal hi, boolean hiClosed)
            implements Domain {
    }

    /** {@code in {v1, v2, ...}}. */
    public record ValueSet(SourceSpan span, List<BigDecimal> values) implements Domain {
    }

    public enum Comparison {
        GT(">"), GE(">="), LT("<"), LE("<=");

        public final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }
    }

    /** {@code > a}, {@code >= a}, {@code < a}, {@code <= a}. */
    public record Bound(SourceSpan span, Comparison op, BigDecimal value) implements Domain {
    }

    // ---- example blocks ---------------------------------------------------------------

    public sealed interface ExampleItem extends Node permits ExampleDims, Binding, Expect {
    }

    /** {@code dim d = 2, q = 2} inside an example (every item has a size). */
    public record ExampleDims(SourceSpan span, List<DimItem> items) implements ExampleItem {
    }

    /** {@code x = [1, 0]} or {@code lambda = 0.5}. */
    public record Binding(SourceSpan span, Name name, Value value) implements ExampleItem {
    }

    /** {@code expect lhs == rhs [within tol]}; {@code tolerance} may be null. */
    public record Expect(SourceSpan span, Expr lhs, Expr rhs, BigDecimal tolerance) implements ExampleItem {
    }

    public sealed interface Value extends Node permits ArrayValue, ScalarValue {
    }

    /** {@code [v1, v2, ...]}, row-major: the first index is outermost. */
    public record ArrayValue(SourceSpan span, List<Value> elements) implements Value {
    }

    /** A constant expression ({@code 0.5}, {@code -1}, {@code sigmoid(0.5)}). */
    public record ScalarValue(SourceSpan span, Expr expr) implements Value {
    }

    // ---- expressions ------------------------------------------------------------------

    public sealed interface Expr extends Node permits Num, Ref, Neg, Binary, Call, Sum, Delta, Diff {
    }

    /** A number literal, exact. */
    public record Num(SourceSpan span, BigDecimal value) implements Expr {
    }

    /** A name ({@code E}, {@code m}) or an indexed name ({@code w[h, j]}, {@code yhat[1]}). */
    public record Ref(SourceSpan span, Name name, List<Index> indices) implements Expr {
    }

    /** Unary minus. */
    public record Neg(SourceSpan span, Expr operand) implements Expr {
    }

    public enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), POW("^");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }
    }

    public record Binary(SourceSpan span, BinaryOp op, Expr left, Expr right) implements Expr {
    }

    /**
     * A call of a built-in function by name, {@code exp(x)}, or of its derivative when
     * {@code prime} is set, {@code sigmoid'(z)}. Unknown names and wrong arity are reported by
     * the resolver, so any name and any number of arguments parse.
     */
    public record Call(SourceSpan span, Name function, boolean prime, List<Expr> args) implements Expr {
    }

    /**
     * {@code sum(i, j, body)}, also written {@code Σ(i, body)}; {@code ranges} has one entry per
     * index, null unless the index declares its range ({@code sum(i in q, body)}).
     */
    public record Sum(SourceSpan span, List<Name> indices, List<Name> ranges, Expr body) implements Expr {
        public Sum {
            if (ranges.size() != indices.size()) {
                throw new IllegalArgumentException("one range entry per index");
            }
        }

        /** A sum whose indices take their ranges from their slots. */
        public Sum(SourceSpan span, List<Name> indices, Expr body) {
            this(span, indices, java.util.Collections.nCopies(indices.size(), null), body);
        }
    }

    /** {@code delta(i, j)}: the Kronecker delta. */
    public record Delta(SourceSpan span, Index left, Index right) implements Expr {
    }

    /** {@code diff(F, X[k...])}, also written {@code ∂F/∂X[k...]}. */
    public record Diff(SourceSpan span, Expr function, Ref variable) implements Expr {
    }

    // ---- indices ----------------------------------------------------------------------

    public sealed interface Index extends Node permits IndexName, IndexLiteral {
    }

    /** An index variable in a slot: {@code h} in {@code w[h, j]}. */
    public record IndexName(SourceSpan span, String name) implements Index {
    }

    /** A 1-based literal position: {@code 1} in {@code yhat[1]}. */
    public record IndexLiteral(SourceSpan span, int position) implements Index {
    }
}
