package dev.nabla.codegen;

import dev.nabla.ir.Children;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
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

    private final Kernel kernel;
    private final Storage storage;
    private final Names names;
    private final List<Index> loops;
    private final Map<Index, String> variables = new HashMap<>();
    private final Map<Index, Integer> depth = new HashMap<>();
    private final List<List<String>> prologue = new ArrayList<>();
    private final Map<Expr, Code> codes = new IdentityHashMap<>();
    private final Map<Expr, Integer> uses = new IdentityHashMap<>();
    private final Set<Tensor> arrays = new LinkedHashSet<>();
    private final Set<Dim> dims = new LinkedHashSet<>();

    LoopNest(Kernel kernel, Storage storage, Names names) {
        this.kernel = kernel;
        this.storage = storage;
        this.names = names;
        this.loops = order(kernel);
        for (int k = 0; k <= loops.size(); k++) {
            prologue.add(new ArrayList<>());
        }
        for (int k = 0; k < loops.size(); k++) {
            Index i = loops.get(k);
            variables.put(i, names.fresh(JavaText.identifier(i.name(), Set.of())));
            depth.put(i, k + 1);
            dims.add(i.dim());
        }
        countUses(kernel.value(), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The statements of the kernel, each line indented by {@code indent}. */
    String emit(String indent) {
        int outer = kernel.out().size();
        boolean reduction = kernel.reduction() != Kernel.Reduction.NONE;
        // a local accumulator when every reduction loop runs inside every loop over the target
        boolean local = reduction && new LinkedHashSet<>(loops.subList(0, outer)).equals(new LinkedHashSet<>(kernel.out()));
        String value = code(kernel.value()).text();
        String target = access(kernel.target(), new ArrayList<>(kernel.out()));
        String neutral = kernel.reduction() == Kernel.Reduction.MAX ? "Double.NEGATIVE_INFINITY" : "0.0";
        String accumulator = local ? names.fresh(kernel.reduction() == Kernel.Reduction.MAX ? "max" : "sum") : null;

        StringBuilder out = new StringBuilder();
        for (Dim d : dims) {
            out.append(indent).append("final int ").append(storage.size(d)).append(" = this.").append(storage.size(d))
                    .append(";\n");
        }
        for (Tensor t : arrays) {
            out.append(indent).append("final double[] ").append(storage.field(t)).append(" = this.")
                    .append(storage.field(t)).append(";\n");
        }
        if (reduction && !local) {
            out.append(indent).append("java.util.Arrays.fill(").append(storage.field(kernel.target())).append(", ")
                    .append(neutral).append(");\n");
        }
        String in = indent;
        for (int level = 0; level <= loops.size(); level++) {
            if (level > 0) {
                Index i = loops.get(level - 1);
                String v = variables.get(i);
                out.append(in).append("for (int ").append(v).append(" = 0; ").append(v).append(" < ")
                        .append(storage.size(i.dim())).append("; ").append(v).append("++) {\n");
                in = in + "    ";
            }
            for (String s : prologue.get(level)) {
                out.append(in).append(s).append('\n');
            }
            if (local && level == outer) {
                out.append(in).append("double ").append(accumulator).append(" = ").append(neutral).append(";\n");
            }
        }
        String sink = local ? accumulator : target;
        if (!reduction) {
            out.append(in).append(target).append(" = ").append(value).append(";\n");
        } else if (kernel.reduction() == Kernel.Reduction.SUM) {
            out.append(in).append(sink).append(" += ").append(value).append(";\n");
        } else {
            out.append(in).append(sink).append(" = Math.max(").append(sink).append(", ").append(value).append(");\n");
        }
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
        boolean named = !cheap && (hoisted || !(e instanceof Expr.Access) && uses.getOrDefault(e, 0) > 1);
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
                b.append('_').append(s instanceof Index ? variables.get(s) : s.toString());
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
        String f;
        switch (c.fn()) {
            case EXP: f = "Math.exp"; break;
            case LOG: f = "Math.log"; break;
            case SQRT: f = "Math.sqrt"; break;
            case ABS: f = "Math.abs"; break;
            case SIGN: f = "Math.signum"; break;
            case STEP: f = "NablaMath.step"; break;
            case SIGMOID: f = "NablaMath.sigmoid"; break;
            case TANH: f = "Math.tanh"; break;
            case RELU: f = "NablaMath.relu"; break;
            case RELU_PRIME: f = "NablaMath.reluPrime"; break;
            case SOFTPLUS: f = "NablaMath.softplus"; break;
            case SIN: f = "Math.sin"; break;
            case COS: f = "Math.cos"; break;
            default: throw new AssertionError(c.fn());
        }
        return new Code(f + "(" + a + ")", ATOM);
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
        String offset = subscript(subscripts.get(0));
        for (int k = 1; k < subscripts.size(); k++) {
            Dim d = t.shape().get(k);
            dims.add(d);
            String inner = k == 1 ? offset : "(" + offset + ")";
            offset = inner + " * " + storage.size(d) + " + " + subscript(subscripts.get(k));
        }
        return storage.field(t) + "[" + offset + "]";
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
