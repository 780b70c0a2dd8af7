package dev.nabla.codegen;

import dev.nabla.ir.Children;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java loops of one {@link Kernel}. The loop order is chosen so that the innermost loop walks
 * memory contiguously (row-major storage: the last slot of an access has stride 1), and every
 * subexpression is computed in the outermost loop where all its indices are bound, once:
 * {@code alpha[h] = sum(i, v[i, h] * x[i])} becomes a zero-fill and
 * {@code for i { x_i = x[i]; for h { alpha[h] += v[i * q + h] * x_i } }}. A sum whose loops are
 * all inside the loops over its target's indices accumulates in a local instead.
 */
final class LoopNest {
    /** Where the tensors and dims a kernel uses are kept in the generated class. */
    interface Storage {
        /** The Java field of a tensor. */
        String field(Tensor t);

        /** Whether a tensor is kept as a {@code double} field rather than an array. */
        boolean isScalar(Tensor t);

        /** The {@code int} field holding a dim's size. */
        String size(Dim d);

        /**
         * Whether a tensor is kept as rows, {@code double[][]} over its last slot: HotSpot's
         * vectoriser does not take loops over several rows of one flat array, but does take
         * loops over distinct row arrays.
         */
        boolean isRows(Tensor t);
    }

    private static final int ADD = 1;
    private static final int MUL = 2;
    private static final int UNARY = 3;
    private static final int ATOM = 4;

    /** Java text of an expression and how tightly it binds. */
    private record Code(String text, int precedence) {
        String at(int min) {
            return precedence < min ? "(" + text + ")" : text;
        }
    }

    /**
     * How many rows of the target a blocked nest computes at once, and how many terms of the sum it
     * adds into each at once. 4 by 2 was the fastest measured at (784, 128, 10) with a minibatch of
     * 128: each inner iteration loads 2 elements read by all rows and loads and stores each row's
     * once. Larger bodies (4 by 3, 4 by 4, 6 by 2, 8 by 2) exceed the size up to which HotSpot 17
     * unrolls, and so vectorises, an inner loop, and run about 3 times slower.
     */
    private static final int ROWS = 4;
    private static final int TERMS = 2;

    /**
     * How one loop of a nest runs when it is not a plain loop over all of its dim: in blocks of
     * {@code factor} values, its body written once per value, or over the values such blocks left over.
     */
    private record Split(Index index, int factor, boolean leftover) {
        /** The loop's copies in a block: the index itself and {@code factor - 1} more, or the index alone. */
        List<Index> copies() {
            List<Index> out = new ArrayList<>(List.of(index));
            for (int c = 1; !leftover && c < factor; c++) {
                out.add(new Index("%" + index.name() + "+" + c, index.dim()));
            }
            return out;
        }
    }

    private final Kernel kernel;
    private final Storage storage;
    private final Names names;
    private final List<Index> loops;
    private final Map<Index, Split> splits = new HashMap<>();
    /** The copies of the index of the target's rows a block computes, or a list of null when rows are not blocked. */
    private final List<Index> rowCopies = new ArrayList<>();
    /** The copies of the summed index whose terms a block adds at once, or a list of null. */
    private final List<Index> termCopies = new ArrayList<>();
    private final Index rowIndex;
    private final Index termIndex;
    /** For a descent kernel, the Java name of the step size; else null. */
    private String descent;
    private final Map<Index, String> variables = new HashMap<>();
    private final Map<Index, String> labels = new HashMap<>();
    private final Map<Index, Integer> depth = new HashMap<>();
    private final List<List<String>> prologue = new ArrayList<>();
    private final Map<Expr, Code> codes = new IdentityHashMap<>();
    private final Map<Expr, Integer> uses = new IdentityHashMap<>();
    private final Set<Tensor> arrays = new LinkedHashSet<>();
    private final Set<Dim> dims = new LinkedHashSet<>();

    /** A nest whose loops over the indices of {@code rows} and {@code terms} (each may be null) are split as given. */
    private LoopNest(Kernel kernel, Storage storage, Names names, Split rows, Split terms) {
        this.kernel = kernel;
        this.storage = storage;
        this.names = names;
        this.loops = order(kernel);
        for (int k = 0; k <= loops.size(); k++) {
            prologue.add(new ArrayList<>());
        }
        for (int k = 0; k < loops.size(); k++) {
            Index i = loops.get(k);
            String v = names.fresh(JavaText.identifier(i.name(), Set.of()));
            variables.put(i, v);
            labels.put(i, v);
            depth.put(i, k + 1);
            dims.add(i.dim());
        }
        this.rowIndex = rows == null ? null : rows.index();
        this.termIndex = terms == null ? null : terms.index();
        split(rows, rowCopies);
        split(terms, termCopies);
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Expr> row : values()) {
            for (Expr v : row) {
                countUses(v, seen);
            }
        }
    }

    private void split(Split s, List<Index> copies) {
        if (s == null) {
            copies.add(null);
            return;
        }
        splits.put(s.index(), s);
        copies.addAll(s.copies());
        String v = variables.get(s.index());
        for (int c = 1; c < copies.size(); c++) {
            Index copy = copies.get(c);
            variables.put(copy, "(" + v + " + " + c + ")");
            labels.put(copy, v + c);
            depth.put(copy, depth.get(s.index()));
        }
    }

    /**
     * The statements of a kernel, each line indented by {@code indent}. A sum into a target that
     * is zero-filled first, whose innermost loop reads something the outermost loop over the
     * target does not vary, is blocked like the loop nest of a matrix product: {@value #ROWS}
     * rows of the target at a time, each read of the innermost loop serving them all, and
     * {@value #TERMS} terms of the sum at a time, added with one {@code +=}, so that each row's
     * element is loaded and stored once per {@value #TERMS} terms (the stores, not the
     * multiplications, bound the plain loop); then the terms and the rows left over.
     */
    static String emit(Kernel kernel, Storage storage, Names names, String indent) {
        return emit(kernel, storage, names, indent, null);
    }

    /**
     * The statements of a kernel without reductions that, instead of storing its value, takes a
     * gradient step with it: {@code target[out] -= eta * value}, {@code eta} a local of that name.
     */
    static String emitDescent(Kernel kernel, Storage storage, Names names, String indent, String eta) {
        if (kernel.reduction() != Kernel.Reduction.NONE) {
            throw new IllegalArgumentException("a descent kernel has no reduction: " + kernel);
        }
        return emit(kernel, storage, names, indent, eta);
    }

    private static String emit(Kernel kernel, Storage storage, Names names, String indent, String descent) {
        LoopNest plain = new LoopNest(kernel, storage, names.child(), null, null);
        plain.descent = descent;
        Index rows = plain.unrollable();
        if (rows == null) {
            String loops = plain.loops(indent);
            return plain.header(indent, List.of(plain)) + loops;
        }
        Index terms = plain.loops.get(plain.loops.size() - 2);
        Split blocked = new Split(rows, ROWS, false);
        LoopNest main = new LoopNest(kernel, storage, names.child(), blocked, new Split(terms, TERMS, false));
        LoopNest lastTerms = new LoopNest(kernel, storage, names.child(), blocked, new Split(terms, TERMS, true));
        LoopNest lastRows = new LoopNest(kernel, storage, names.child(), new Split(rows, ROWS, true), null);
        String inner = indent + "    ";
        String body = indent + "{ // " + ROWS + " rows at a time, " + TERMS + " terms of the sum at once\n"
                + main.loops(inner) + indent + "}\n"
                + indent + "{ // " + ROWS + " rows at a time, the terms left over\n" + lastTerms.loops(inner) + indent + "}\n"
                + indent + "{ // the rows left over\n" + lastRows.loops(inner) + indent + "}\n";
        return main.header(indent, List.of(main, lastTerms, lastRows)) + body;
    }

    /**
     * The outermost loop over the target that is not the innermost, when some read of the
     * innermost does not depend on it and the loop just outside the innermost is summed over.
     */
    private Index unrollable() {
        if (kernel.reduction() != Kernel.Reduction.SUM || accumulatesLocally() || loops.size() < 3
                || kernel.out().contains(loops.get(loops.size() - 2))) {
            return null;
        }
        List<Expr.Access> accesses = new ArrayList<>();
        collectAccesses(kernel.value(), accesses, Collections.newSetFromMap(new IdentityHashMap<>()));
        Index innermost = loops.get(loops.size() - 1);
        for (Index i : loops.subList(0, loops.size() - 2)) {
            if (!kernel.out().contains(i)) {
                continue;
            }
            for (Expr.Access a : accesses) {
                if (a.freeIndices().contains(innermost) && !a.freeIndices().contains(i)) {
                    return i;
                }
            }
        }
        return null;
    }

    /** Whether every reduction loop runs inside every loop over the target, so that a local accumulates. */
    private boolean accumulatesLocally() {
        int outer = kernel.out().size();
        return kernel.reduction() != Kernel.Reduction.NONE
                && new LinkedHashSet<>(loops.subList(0, outer)).equals(new LinkedHashSet<>(kernel.out()));
    }

    /** The kernel's value per copy of the row index, once per copy of the summed index: the terms added into that row. */
    private List<List<Expr>> values() {
        List<List<Expr>> out = new ArrayList<>();
        for (Index r : rowCopies) {
            Expr row = r == null ? kernel.value() : Substitution.rename(kernel.value(), rowIndex, r);
            List<Expr> terms = new ArrayList<>();
            for (Index t : termCopies) {
                terms.add(t == null ? row : Substitution.rename(row, termIndex, t));
            }
            out.add(terms);
        }
        return out;
    }

    /** Local copies of the fields the nests read, and the zero-fill of a target accumulated in place. */
    private String header(String indent, List<LoopNest> nests) {
        Set<Dim> allDims = new LinkedHashSet<>();
        Set<Tensor> allArrays = new LinkedHashSet<>();
        for (LoopNest n : nests) {
            allDims.addAll(n.dims);
            allArrays.addAll(n.arrays);
        }
        StringBuilder out = new StringBuilder();
        for (Dim d : allDims) {
            out.append(indent).append("final int ").append(storage.size(d)).append(" = this.").append(storage.size(d))
                    .append(";\n");
        }
        for (Tensor t : allArrays) {
            out.append(indent).append(storage.isRows(t) ? "final double[][] " : "final double[] ")
                    .append(storage.field(t)).append(" = this.").append(storage.field(t)).append(";\n");
        }
        if (kernel.reduction() != Kernel.Reduction.NONE && !accumulatesLocally()) {
            String target = storage.field(kernel.target());
            if (storage.isRows(kernel.target())) {
                out.append(indent).append("for (double[] row : ").append(target).append(") {\n").append(indent)
                        .append("    java.util.Arrays.fill(row, ").append(neutral()).append(");\n").append(indent)
                        .append("}\n");
            } else {
                out.append(indent).append("java.util.Arrays.fill(").append(target).append(", ").append(neutral())
                        .append(");\n");
            }
        }
        return out.toString();
    }

    private String neutral() {
        return kernel.reduction() == Kernel.Reduction.MAX ? "Double.NEGATIVE_INFINITY" : "0.0";
    }

    /** The loop nest itself; renders the kernel's values, so it runs before {@link #header}. */
    private String loops(String indent) {
        int outer = kernel.out().size();
        boolean reduction = kernel.reduction() != Kernel.Reduction.NONE;
        boolean local = accumulatesLocally();
        List<Code> valueCodes = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<List<Expr>> values = values();
        for (int c = 0; c < values.size(); c++) {
            valueCodes.add(terms(values.get(c)));
            List<Index> at = new ArrayList<>(kernel.out());
            Index copy = rowCopies.get(c);
            if (copy != null) {
                at.replaceAll(i -> i.equals(rowIndex) ? copy : i);
            }
            targets.add(access(kernel.target(), at));
        }
        String accumulator = local ? names.fresh(kernel.reduction() == Kernel.Reduction.MAX ? "max" : "sum") : null;

        StringBuilder out = new StringBuilder();
        String in = indent;
        for (int level = 0; level <= loops.size(); level++) {
            if (level > 0) {
                Index i = loops.get(level - 1);
                String v = variables.get(i);
                String size = storage.size(i.dim());
                out.append(in).append("for (int ").append(v);
                Split split = splits.get(i);
                if (split != null && split.leftover()) {
                    out.append(" = ").append(size).append(" - ").append(size).append(" % ").append(split.factor())
                            .append("; ").append(v).append(" < ").append(size).append("; ").append(v).append("++) {\n");
                } else if (split != null) {
                    out.append(" = 0; ").append(v).append(" <= ").append(size).append(" - ").append(split.factor())
                            .append("; ").append(v).append(" += ").append(split.factor()).append(") {\n");
                } else {
                    out.append(" = 0; ").append(v).append(" < ").append(size).append("; ").append(v).append("++) {\n");
                }
                in = in + "    ";
            }
            for (String s : prologue.get(level)) {
                out.append(in).append(s).append('\n');
            }
            if (local && level == outer) {
                out.append(in).append("double ").append(accumulator).append(" = ").append(neutral()).append(";\n");
            }
        }
        for (int c = 0; c < valueCodes.size(); c++) {
            String sink = local ? accumulator : targets.get(c);
            String value = valueCodes.get(c).text();
            if (descent != null) {
                out.append(in).append(sink).append(" -= ").append(descent).append(" * ")
                        .append(valueCodes.get(c).at(UNARY)).append(";\n");
            } else if (!reduction) {
                out.append(in).append(sink).append(" = ").append(value).append(";\n");
            } else if (kernel.reduction() == Kernel.Reduction.SUM) {
                out.append(in).append(sink).append(" += ").append(value).append(";\n");
            } else {
                out.append(in).append(sink).append(" = Math.max(").append(sink).append(", ").append(value)
                        .append(");\n");
            }
        }
        String target = targets.get(0);
        for (int level = loops.size(); level > 0; level--) {
            in = in.substring(4);
            out.append(in).append("}\n");
            if (local && level - 1 == outer) {
                out.append(in).append(target).append(" = ").append(accumulator).append(";\n");
            }
        }
        if (local && loops.size() == outer) {
            out.append(in).append(target).append(" = ").append(accumulator).append(";\n");
        }
        return out.toString();
    }

    /** The code of one value, or of the terms a block adds at once, left to right. */
    private Code terms(List<Expr> terms) {
        if (terms.size() == 1) {
            return code(terms.get(0));
        }
        StringBuilder out = new StringBuilder(code(terms.get(0)).at(ADD));
        for (Expr t : terms.subList(1, terms.size())) {
            out.append(" + ").append(code(t).at(MUL));
        }
        return new Code(out.toString(), ADD);
    }

    // ---- loop order -----------------------------------------------------------------------

    /**
     * The loops, outermost first: the innermost is the index along which the accesses (and the
     * target, counted twice: it is read and written) are cheapest, an access costing nothing
     * where it does not vary, 1 where the index is its last slot and 8 where it strides; the rest
     * keep the target's slot order, reductions after, so that a reduction innermost accumulates
     * in a local.
     */
    private static List<Index> order(Kernel k) {
        List<Index> all = new ArrayList<>(k.out());
        for (Index r : k.reduced()) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        if (all.size() <= 1) {
            return all;
        }
        List<Expr.Access> accesses = new ArrayList<>();
        collectAccesses(k.value(), accesses, Collections.newSetFromMap(new IdentityHashMap<>()));
        Index best = null;
        int bestCost = Integer.MAX_VALUE;
        for (Index c : all) {
            int cost = 2 * stride(k.out(), c);
            for (Expr.Access a : accesses) {
                cost += stride(a.subscripts(), c);
            }
            if (cost <= bestCost) {
                best = c;
                bestCost = cost;
            }
        }
        List<Index> order = new ArrayList<>(all);
        order.remove(best);
        order.add(best);
        return order;
    }

    private static int stride(List<? extends Subscript> subscripts, Index c) {
        int at = subscripts.indexOf(c);
        if (at < 0) {
            return 0;
        }
        return at == subscripts.size() - 1 && subscripts.lastIndexOf(c) == at ? 1 : 8;
    }

    private static void collectAccesses(Expr e, List<Expr.Access> out, Set<Expr> seen) {
        if (!seen.add(e)) {
            return;
        }
        if (e instanceof Expr.Access) {
            out.add((Expr.Access) e);
        }
        for (Expr c : Children.of(e)) {
            collectAccesses(c, out, seen);
        }
    }

    private void countUses(Expr e, Set<Expr> seen) {
        for (Expr c : Children.of(e)) {
            uses.merge(c, 1, Integer::sum);
        }
        if (seen.add(e)) {
            for (Expr c : Children.of(e)) {
                countUses(c, seen);
            }
        }
    }

    // ---- expressions ------------------------------------------------------------------------

    /** The loop depth where e can first be computed: that of its innermost index, 0 outside every loop. */
    private int level(Expr e) {
        int l = 0;
        for (Index i : e.freeIndices()) {
            Integer d = depth.get(i);
            if (d == null) {
                throw new IllegalStateException("index " + i + " of " + e + " has no loop in the kernel of "
                        + kernel.target());
            }
            l = Math.max(l, d);
        }
        return l;
    }

    private Code code(Expr e) {
        Code known = codes.get(e);
        if (known != null) {
            return known;
        }
        Code c = render(e);
        boolean hoisted = !loops.isEmpty() && level(e) < loops.size();
        boolean cheap = e instanceof Expr.Const || e instanceof Expr.DimSize || e instanceof Expr.Delta;
        boolean named = !cheap && (hoisted || uses.getOrDefault(e, 0) > 1);
        if (named) {
            c = name(e, c);
        }
        codes.put(e, c);
        return c;
    }

    /** e's code as one name: a local at e's level. */
    private Code atom(Expr e) {
        Code c = code(e);
        if (c.precedence() == ATOM && !(e instanceof Expr.Delta)) {
            return c;
        }
        Code n = name(e, c);
        codes.put(e, n);
        return n;
    }

    private Code name(Expr e, Code c) {
        String base = "t";
        if (e instanceof Expr.Access) {
            StringBuilder b = new StringBuilder(storage.field(((Expr.Access) e).tensor()));
            for (Subscript s : ((Expr.Access) e).subscripts()) {
                b.append('_').append(s instanceof Index ? labels.get(s) : s.toString());
            }
            base = b.toString();
        }
        String local = names.fresh(base);
        prologue.get(level(e)).add("double " + local + " = " + c.text() + ";");
        return new Code(local, ATOM);
    }

    private Code render(Expr e) {
        if (e instanceof Expr.Const) {
            BigFraction v = ((Expr.Const) e).value();
            return new Code(literal(v), v.compareTo(BigFraction.ZERO) < 0 ? UNARY : ATOM);
        }
        if (e instanceof Expr.DimSize) {
            Dim d = ((Expr.DimSize) e).dim();
            dims.add(d);
            return new Code("(double) " + storage.size(d), UNARY);
        }
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            return new Code(access(a.tensor(), a.subscripts()), ATOM);
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return new Code("(" + subscript(d.left()) + " == " + subscript(d.right()) + " ? 1.0 : 0.0)", ATOM);
        }
        if (e instanceof Expr.Add) {
            return sum(((Expr.Add) e).terms());
        }
        if (e instanceof Expr.Mul) {
            return product(((Expr.Mul) e).factors());
        }
        if (e instanceof Expr.Pow) {
            return power((Expr.Pow) e);
        }
        if (e instanceof Expr.Call) {
            return call((Expr.Call) e);
        }
        throw new IllegalStateException("no Java for " + e + " (sums and diffs are gone before a loop nest)");
    }

    private Code sum(List<Expr> terms) {
        List<Expr> ordered = new ArrayList<>(terms);
        for (int k = 0; k < ordered.size(); k++) {
            if (Ir.coefficientOf(ordered.get(k)).compareTo(BigFraction.ZERO) > 0) {
                ordered.add(0, ordered.remove(k));
                break;
            }
        }
        StringBuilder out = new StringBuilder(code(ordered.get(0)).at(ADD));
        for (Expr t : ordered.subList(1, ordered.size())) {
            if (Ir.coefficientOf(t).compareTo(BigFraction.ZERO) < 0) {
                out.append(" - ").append(code(Ir.neg(t)).at(MUL));
            } else {
                out.append(" + ").append(code(t).at(MUL));
            }
        }
        return new Code(out.toString(), ADD);
    }

    private Code product(List<Expr> factors) {
        BigFraction coefficient = BigFraction.ONE;
        List<String> numerator = new ArrayList<>();
        List<String> denominator = new ArrayList<>();
        List<Expr> below = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Expr.Const) {
                coefficient = coefficient.multiply(((Expr.Const) f).value());
            } else if (isReciprocal(f)) {
                below.add(Ir.pow(((Expr.Pow) f).base(), Ir.neg(((Expr.Pow) f).exponent())));
            } else {
                numerator.add(code(f).at(MUL));
            }
        }
        for (Expr f : below) {
            denominator.add(code(f).at(below.size() == 1 ? UNARY : MUL));
        }
        boolean negative = coefficient.compareTo(BigFraction.ZERO) < 0;
        BigFraction magnitude = coefficient.abs();
        List<String> parts = new ArrayList<>();
        if (!magnitude.equals(BigFraction.ONE) || numerator.isEmpty()) {
            parts.add(literal(magnitude));
        }
        parts.addAll(numerator);
        String text = String.join(" * ", parts);
        if (!denominator.isEmpty()) {
            text += " / " + (denominator.size() == 1 ? denominator.get(0) : "(" + String.join(" * ", denominator) + ")");
        }
        if (negative) {
            text = "-" + (parts.size() == 1 && denominator.isEmpty() ? parts.get(0) : "(" + text + ")");
            return new Code(text, UNARY);
        }
        return new Code(text, MUL);
    }

    private static boolean isReciprocal(Expr f) {
        return f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const
                && ((Expr.Const) ((Expr.Pow) f).exponent()).value().compareTo(BigFraction.ZERO) < 0;
    }

    private Code power(Expr.Pow p) {
        if (p.exponent() instanceof Expr.Const) {
            BigFraction n = ((Expr.Const) p.exponent()).value();
            if (n.equals(new BigFraction(2))) {
                String b = atom(p.base()).text();
                return new Code(b + " * " + b, MUL);
            }
            if (n.equals(new BigFraction(3))) {
                String b = atom(p.base()).text();
                return new Code(b + " * " + b + " * " + b, MUL);
            }
            if (n.equals(BigFraction.MINUS_ONE)) {
                return new Code("1.0 / " + code(p.base()).at(UNARY), MUL);
            }
            if (n.equals(new BigFraction(1, 2))) {
                return new Code("Math.sqrt(" + code(p.base()).text() + ")", ATOM);
            }
        }
        return new Code("Math.pow(" + code(p.base()).text() + ", " + code(p.exponent()).text() + ")", ATOM);
    }

    private Code call(Expr.Call c) {
        String a = code(c.arg()).text();
        return new Code(c.fn().java() + "(" + a + ")", ATOM);
    }

    /** {@code t[offset]} (row-major), or the field of a scalar. */
    private String access(Tensor t, List<? extends Subscript> subscripts) {
        if (storage.isScalar(t)) {
            return storage.field(t);
        }
        arrays.add(t);
        if (subscripts.isEmpty()) {
            return storage.field(t) + "[0]";
        }
        if (storage.isRows(t)) {
            return row(t, subscripts) + "[" + subscript(subscripts.get(subscripts.size() - 1)) + "]";
        }
        String offset = subscript(subscripts.get(0));
        for (int k = 1; k < subscripts.size(); k++) {
            Dim d = t.shape().get(k);
            dims.add(d);
            String inner = k == 1 ? offset : "(" + offset + ")";
            offset = inner + " * " + storage.size(d) + " + " + subscript(subscripts.get(k));
        }
        return storage.field(t) + "[" + offset + "]";
    }

    private final Map<String, String> rows = new HashMap<>();

    /** A local for the row of t that an access reads or writes, declared in the loop where its subscripts are bound. */
    private String row(Tensor t, List<? extends Subscript> subscripts) {
        int last = subscripts.size() - 1;
        String offset = subscript(subscripts.get(0));
        StringBuilder label = new StringBuilder(storage.field(t));
        int level = 0;
        for (int k = 0; k < last; k++) {
            Subscript s = subscripts.get(k);
            if (k > 0) {
                Dim d = t.shape().get(k);
                dims.add(d);
                offset = (k == 1 ? offset : "(" + offset + ")") + " * " + storage.size(d) + " + " + subscript(s);
            }
            label.append('_').append(s instanceof Index ? labels.get(s) : s.toString());
            if (s instanceof Index) {
                level = Math.max(level, depth.get(s));
            }
        }
        String key = storage.field(t) + "[" + offset + "]";
        String local = rows.get(key);
        if (local == null) {
            local = names.fresh(label.toString());
            rows.put(key, local);
            prologue.get(level).add("final double[] " + local + " = " + key + ";");
        }
        return local;
    }

    private String subscript(Subscript s) {
        if (s instanceof Position) {
            return Integer.toString(((Position) s).value() - 1);
        }
        String v = variables.get(s);
        if (v == null) {
            throw new IllegalStateException("index " + s + " has no loop in the kernel of " + kernel.target());
        }
        return v;
    }

    /** The double nearest an exact rational, as a Java literal. */
    static String literal(BigFraction v) {
        double d = new BigDecimal(v.getNumerator()).divide(new BigDecimal(v.getDenominator()), MathContext.DECIMAL128)
                .doubleValue();
        if (Double.isInfinite(d)) {
            return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(d);
    }
}
