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

    /** How many rows of the target an unrolled loop computes at once. */
    private static final int UNROLL = 4;

    private final Kernel kernel;
    private final Storage storage;
    private final Names names;
    private final List<Index> loops;
    /** The unrolled loop's index and its copies (the first is the index itself), or null and empty. */
    private final Index unrolled;
    private final List<Index> copies = new ArrayList<>();
    private final boolean remainder;
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

    private LoopNest(Kernel kernel, Storage storage, Names names, Index unrolled, boolean remainder) {
        this.kernel = kernel;
        this.storage = storage;
        this.names = names;
        this.loops = order(kernel);
        this.unrolled = unrolled;
        this.remainder = remainder;
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
        if (unrolled != null && !remainder) {
            copies.add(unrolled);
            for (int c = 1; c < UNROLL; c++) {
                Index copy = new Index("%" + unrolled.name() + "+" + c, unrolled.dim());
                copies.add(copy);
                variables.put(copy, "(" + variables.get(unrolled) + " + " + c + ")");
                labels.put(copy, variables.get(unrolled) + c);
                depth.put(copy, depth.get(unrolled));
            }
        }
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expr v : values()) {
            countUses(v, seen);
        }
    }

    /**
     * The statements of a kernel, each line indented by {@code indent}. A sum into a target that
     * is zero-filled first, whose innermost loop reads something the outermost loop over the
     * target does not vary, is unrolled and jammed: that loop computes {@value #UNROLL} rows at
     * once, so each such read serves them all (the loop nest of a matrix product, register-blocked),
     * followed by a loop over the rows left over.
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
        LoopNest plain = new LoopNest(kernel, storage, names.child(), null, false);
        plain.descent = descent;
        Index u = plain.unrollable();
        if (u == null) {
            String loops = plain.loops(indent);
            return plain.header(indent, plain) + loops;
        }
        LoopNest main = new LoopNest(kernel, storage, names.child(), u, false);
        LoopNest rest = new LoopNest(kernel, storage, names.child(), u, true);
        String a = main.loops(indent + "    ");
        String b = rest.loops(indent + "    ");
        return main.header(indent, rest) + indent + "{ // " + UNROLL + " rows at a time\n" + a + indent + "}\n"
                + indent + "{ // the rows left over\n" + b + indent + "}\n";
    }

    /** The outermost loop over the target that is not the innermost, when some read of the innermost does not depend on it. */
    private Index unrollable() {
        if (kernel.reduction() != Kernel.Reduction.SUM || accumulatesLocally() || loops.size() < 2) {
            return null;
        }
        List<Expr.Access> accesses = new ArrayList<>();
        collectAccesses(kernel.value(), accesses, Collections.newSetFromMap(new IdentityHashMap<>()));
        Index innermost = loops.get(loops.size() - 1);
        for (Index i : loops.subList(0, loops.size() - 1)) {
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

    /** The kernel's value once per copy of the unrolled index, or once. */
    private List<Expr> values() {
        if (copies.isEmpty()) {
            return List.of(kernel.value());
        }
        List<Expr> out = new ArrayList<>();
        for (Index c : copies) {
            out.add(Substitution.rename(kernel.value(), unrolled, c));
        }
        return out;
    }

    /** Local copies of the fields both nests read, and the zero-fill of a target accumulated in place. */
    private String header(String indent, LoopNest other) {
        Set<Dim> allDims = new LinkedHashSet<>(dims);
        allDims.addAll(other.dims);
        Set<Tensor> allArrays = new LinkedHashSet<>(arrays);
        allArrays.addAll(other.arrays);
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
        List<String> valueCodes = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<Expr> values = values();
        for (int c = 0; c < values.size(); c++) {
            valueCodes.add(code(values.get(c)).text());
            List<Index> at = new ArrayList<>(kernel.out());
            if (!copies.isEmpty()) {
                Index copy = copies.get(c);
                at.replaceAll(i -> i.equals(unrolled) ? copy : i);
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
                if (i.equals(unrolled) && remainder) {
                    out.append(" = ").append(size).append(" - ").append(size).append(" % ").append(UNROLL).append("; ")
                            .append(v).append(" < ").append(size).append("; ").append(v).append("++) {\n");
                } else if (i.equals(unrolled)) {
                    out.append(" = 0; ").append(v).append(" <= ").append(size).append(" - ").append(UNROLL).append("; ")
                            .append(v).append(" += ").append(UNROLL).append(") {\n");
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
            if (descent != null) {
                out.append(in).append(sink).append(" -= ").append(descent).append(" * ")
                        .append(new Code(valueCodes.get(c), codes.get(values.get(c)).precedence()).at(UNARY))
                        .append(";\n");
            } else if (!reduction) {
                out.append(in).append(sink).append(" = ").append(valueCodes.get(c)).append(";\n");
            } else if (kernel.reduction() == Kernel.Reduction.SUM) {
                out.append(in).append(sink).append(" += ").append(valueCodes.get(c)).append(";\n");
            } else {
                out.append(in).append(sink).append(" = Math.max(").append(sink).append(", ").append(valueCodes.get(c))
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
