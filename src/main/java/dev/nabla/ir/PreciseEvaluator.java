package dev.nabla.ir;

import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Evaluates single elements of expressions in high precision (Commons Math {@link Dfp}, about
 * 50 to 200 significant digits, exponents to 10^±100000), for the points where double
 * precision cannot decide a claim: overflow, underflow, and cancellation wider than the claim's
 * tolerance. Each value carries a bound on its error that holds for every operation
 * (the exact error of a product, and both ends of the argument's interval for a monotone
 * function), rather than {@link Evaluator}'s first-order estimate. An element whose function
 * argument is certainly outside the function's domain is {@link Undefined}; one whose argument
 * is within its error of a domain boundary or a jump, or whose value leaves the range even of
 * high precision, is {@link Unknown}: never guessed.
 */
public final class PreciseEvaluator {
    /** Decimal digits of the high-precision fields, tried in turn while rounding is in the way. */
    public static final int[] PRECISIONS = {50, 100, 200};
    private static final int RANGE_FLAGS = DfpField.FLAG_OVERFLOW | DfpField.FLAG_UNDERFLOW | DfpField.FLAG_INVALID;
    /** e^x for |x| beyond this lies outside the range of Dfp (about 10^±131000). */
    private static final int EXP_LIMIT = 300_000;
    /** Beyond this, reducing an argument of sin or cos by 2π leaves fewer digits than a verdict needs. */
    private static final String TRIGONOMETRIC_LIMIT = "1e30";
    /** Exact integer powers are computed by repeated multiplication up to this exponent. */
    private static final int INTEGER_POWER_LIMIT = 4096;

    /** Making a field computes its constants (0.1 s at 50 digits, 0.7 s at 200), so each thread keeps them. */
    private static final ThreadLocal<Map<Integer, DfpField>> FIELDS = ThreadLocal.withInitial(HashMap::new);

    /** The value of one element. */
    public sealed interface Result permits Defined, Undefined, Unknown {
    }

    /**
     * A value, a bound on its distance from the exact value, and the magnitude of the
     * computation behind it (the value computed with every term and factor taken absolutely),
     * against which rounding noise around 0 is small or not.
     */
    public record Defined(Dfp value, Dfp error, Dfp magnitude) implements Result {
        public Defined(Dfp value, Dfp error) {
            this(value, error, value.abs());
        }

        public double doubleValue() {
            return value.toDouble();
        }

        /** The value to a number of significant digits, in the language's number syntax. */
        public String text(int digits) {
            String s = value.toString();
            int e = s.indexOf('e');
            String mantissa = e < 0 ? s : s.substring(0, e);
            String exponent = e < 0 ? "" : s.substring(e);
            int dot = mantissa.indexOf('.');
            if (dot >= 0) {
                int seen = 0;
                int k = 0;
                while (k < mantissa.length() && seen < digits) {
                    char c = mantissa.charAt(k);
                    if (Character.isDigit(c) && (seen > 0 || c != '0')) {
                        seen++;
                    }
                    k++;
                }
                mantissa = mantissa.substring(0, Math.max(k, dot)).replaceAll("(\\.[0-9]*?)0+$", "$1");
                if (mantissa.endsWith(".")) {
                    mantissa = mantissa.substring(0, mantissa.length() - 1);
                }
            }
            return mantissa + exponent;
        }
    }

    /** The element is certainly undefined: a function's argument lies outside its domain. */
    public record Undefined(String why) implements Result {
    }

    /**
     * The element cannot be decided at this precision: {@code rounding} when its rounding error
     * is in the way (more digits may decide it), not the range.
     */
    public record Unknown(String why, boolean rounding) implements Result {
    }

    /** Unwinds an element's evaluation at the first undefined or unknown operation. */
    private static final class Stop extends RuntimeException {
        final Result result;

        Stop(Result result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    private record Key(Expr e, List<Integer> at) {
    }

    private final Graph graph;
    private final Instance instance;
    private final int digits;
    private final DfpField field;
    /** A bound on the relative rounding error of one arithmetic operation. */
    private final Dfp unit;
    /** A bound on the relative error of one elementary function as Dfp computes it. */
    private final Dfp functionUnit;
    private final Map<Key, Defined> memo = new HashMap<>();

    /** At the first and cheapest precision. */
    public PreciseEvaluator(Graph graph, Instance instance) {
        this(graph, instance, PRECISIONS[0]);
    }

    public PreciseEvaluator(Graph graph, Instance instance, int digits) {
        this.graph = graph;
        this.instance = instance;
        this.digits = digits;
        this.field = FIELDS.get().computeIfAbsent(digits, DfpField::new);
        this.unit = field.newDfp("1e-" + (digits - 2));
        this.functionUnit = field.newDfp("1e-" + (digits - 8));
    }

    public int digits() {
        return digits;
    }

    /** The element of {@code e} at an assignment of (at least) its free indices. */
    public Result at(Expr e, Map<Index, Integer> assignment) {
        field.clearIEEEFlags();
        try {
            return eval(e, assignment);
        } catch (Stop stop) {
            return stop.result;
        }
    }

    // ---- traversal ----------------------------------------------------------------------

    private Defined eval(Expr e, Map<Index, Integer> env) {
        List<Integer> at = new ArrayList<>(e.freeIndices().size());
        for (Index i : e.freeIndices()) {
            at.add(env.get(i));
        }
        Key key = new Key(e, at);
        Defined known = memo.get(key);
        if (known == null) {
            known = compute(e, env);
            memo.put(key, known);
        }
        return known;
    }

    private Defined compute(Expr e, Map<Index, Integer> env) {
        if (e == Ir.UNDEFINED) {
            throw new Stop(new Undefined("it is undefined at every point (it divides by 0, or applies a function "
                    + "to a number outside its domain)"));
        }
        if (e instanceof Expr.Const) {
            return constant(((Expr.Const) e).value());
        }
        if (e instanceof Expr.DimSize) {
            return exact(field.newDfp(instance.size(((Expr.DimSize) e).dim())));
        }
        if (e instanceof Expr.Access) {
            return access((Expr.Access) e, env);
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return exact(position(d.left(), env) == position(d.right(), env) ? field.getOne() : field.getZero());
        }
        if (e instanceof Expr.Sum) {
            Expr.Sum s = (Expr.Sum) e;
            Map<Index, Integer> inner = new HashMap<>(env);
            List<Defined> terms = new ArrayList<>();
            for (int k = 1; k <= instance.size(s.index().dim()); k++) {
                inner.put(s.index(), k);
                terms.add(eval(s.body(), inner));
            }
            return add(terms);
        }
        if (e instanceof Expr.Add) {
            List<Defined> terms = new ArrayList<>();
            for (Expr t : ((Expr.Add) e).terms()) {
                terms.add(eval(t, env));
            }
            return add(terms);
        }
        if (e instanceof Expr.Mul) {
            List<Defined> factors = new ArrayList<>();
            for (Expr f : ((Expr.Mul) e).factors()) {
                factors.add(eval(f, env));
            }
            return multiply(factors);
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            return power(eval(p.base(), env), p.exponent(), env);
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return call(c.fn(), eval(c.arg(), env));
        }
        throw new IllegalStateException("internal error: " + e + " reached the precise evaluator unexpanded");
    }

    private static int position(Subscript s, Map<Index, Integer> env) {
        return s instanceof Position ? ((Position) s).value() : env.get((Index) s);
    }

    private Defined access(Expr.Access a, Map<Index, Integer> env) {
        Tensor t = a.tensor();
        if (!t.isLeaf()) {
            Definition d = graph.definition(t);
            if (d == null) {
                throw new IllegalArgumentException("no definition of " + t + " in the graph");
            }
            Map<Index, Integer> inner = new HashMap<>();
            for (int k = 0; k < t.rank(); k++) {
                inner.put(d.indices().get(k), position(a.subscripts().get(k), env));
            }
            return eval(d.body(), inner);
        }
        int offset = 0;
        for (int k = 0; k < t.rank(); k++) {
            offset = offset * instance.size(t.shape().get(k)) + position(a.subscripts().get(k), env) - 1;
        }
        BigFraction known = instance.exact().get(t);
        if (known != null) {
            return constant(known);
        }
        double v = instance.values(t)[offset];
        if (!Double.isFinite(v)) {
            throw new Stop(new Undefined(t.name() + " is not a finite number"));
        }
        Dfp value = field.newDfp(v);
        // doubles convert through powers of two, each rounded: a generous bound unless v is a small integer
        boolean exactly = v == Math.rint(v) && Math.abs(v) < 0x1p53;
        return new Defined(value, exactly ? field.getZero() : value.abs().multiply(unit).multiply(64));
    }

    private Defined constant(BigFraction c) {
        Dfp numerator = dfp(c.getNumerator());
        boolean integer = c.getDenominator().equals(BigInteger.ONE);
        if (integer && c.getNumerator().abs().toString().length() < digits - 2) {
            return exact(numerator);
        }
        field.clearIEEEFlags();
        Dfp v = checked(numerator.divide(dfp(c.getDenominator())));
        // 1/2 divides exactly; 1/3 does not
        boolean exactly = !inexact() && c.getNumerator().abs().toString().length() < digits - 2
                && c.getDenominator().toString().length() < digits - 2;
        return new Defined(v, exactly ? field.getZero() : v.abs().multiply(unit).multiply(4));
    }

    /** Dfp misreads integers written with more digits than it keeps, so they go in rounded, in scientific form. */
    private Dfp dfp(BigInteger n) {
        return field.newDfp(new BigDecimal(n).round(new MathContext(digits)).toString());
    }

    private Defined exact(Dfp v) {
        return new Defined(v, field.getZero());
    }

    // ---- arithmetic with rigorous error bounds ----------------------------------------------

    /**
     * err = Σ err_i + unit · Σ |v_i| (a bound for every order of additions), the last term only
     * if some addition rounded: sums of short numbers are exact.
     */
    private Defined add(List<Defined> terms) {
        Dfp v = field.getZero();
        Dfp err = field.getZero();
        Dfp magnitude = field.getZero();
        Dfp behind = field.getZero();
        boolean rounded = false;
        for (Defined t : terms) {
            field.clearIEEEFlags();
            v = v.add(t.value());
            rounded |= inexact();
            err = err.add(t.error());
            magnitude = magnitude.add(t.value().abs());
            behind = behind.add(t.magnitude());
        }
        Dfp rounding = rounded ? magnitude.multiply(unit).multiply(terms.size()) : field.getZero();
        return new Defined(checked(v), checked(err.add(rounding)), checked(behind));
    }

    /** err = Π(|v_i| + err_i) − Π|v_i| (exact for the propagated part) + rounding, if any. */
    private Defined multiply(List<Defined> factors) {
        Dfp v = field.getOne();
        Dfp magnitude = field.getOne();
        Dfp widened = field.getOne();
        boolean rounded = false;
        for (Defined f : factors) {
            field.clearIEEEFlags();
            v = v.multiply(f.value());
            rounded |= inexact();
            magnitude = magnitude.multiply(f.value().abs());
            widened = widened.multiply(f.value().abs().add(f.error()));
        }
        Dfp err = widened.subtract(magnitude);
        if (rounded) {
            err = err.add(magnitude.multiply(unit).multiply(factors.size()));
        }
        Dfp behind = field.getOne();
        for (Defined f : factors) {
            behind = behind.multiply(f.magnitude());
        }
        return new Defined(checked(v), checked(err), checked(behind));
    }

    /** Whether the operation since the flags were last cleared rounded its result (and stayed in range). */
    private boolean inexact() {
        checked(field.getZero());
        return (field.getIEEEFlags() & DfpField.FLAG_INEXACT) != 0;
    }

    private Defined power(Defined base, Expr exponent, Map<Index, Integer> env) {
        if (exponent instanceof Expr.Const && ((Expr.Const) exponent).value().getDenominator().equals(BigInteger.ONE)) {
            BigInteger n = ((Expr.Const) exponent).value().getNumerator();
            if (n.abs().compareTo(BigInteger.valueOf(INTEGER_POWER_LIMIT)) <= 0) {
                return integerPower(base, n.intValue());
            }
            return largeIntegerPower(base, n);
        }
        Defined b = eval(exponent, env);
        Dfp bv = b.value();
        if (b.error().isZero() && bv.equals(bv.rint()) && bv.abs().lessThan(field.newDfp(INTEGER_POWER_LIMIT))) {
            return integerPower(base, bv.intValue());
        }
        Dfp a = base.value();
        Dfp ea = base.error();
        if (a.subtract(ea).greaterThan(field.getZero())) {
            // a^b = exp(b · ln a), each step with its own bound
            return call(Fn.EXP, multiply(List.of(b, call(Fn.LOG, base))));
        }
        if (a.add(ea).lessThan(field.getZero())) {
            throw new Stop(new Undefined("a negative number to a non-integer power"));
        }
        if (a.isZero() && ea.isZero()) {
            if (bv.subtract(b.error()).greaterThan(field.getZero())) {
                return exact(field.getZero());
            }
            if (bv.add(b.error()).lessThan(field.getZero())) {
                throw new Stop(new Undefined("0 to a negative power"));
            }
        }
        throw new Stop(new Unknown("the base of a power is within its rounding error of 0", true));
    }

    /** a^n for a small integer n: err = (|a| + e)^n − |a|^n, or (|a| − e)^n − |a|^n for n < 0. */
    private Defined integerPower(Defined base, int n) {
        if (n == 0) {
            return exact(field.getOne());
        }
        Dfp a = base.value();
        Dfp ea = base.error();
        int k = Math.abs(n);
        if (n < 0) {
            if (a.isZero() && ea.isZero()) {
                throw new Stop(new Undefined("division by zero"));
            }
            if (!a.abs().greaterThan(ea)) {
                throw new Stop(new Unknown("a divisor is within its rounding error of 0", true));
            }
        }
        Dfp magnitude = checked(DfpMath.pow(a.abs(), k));
        Dfp v = a.lessThan(field.getZero()) && k % 2 == 1 ? magnitude.negate() : magnitude;
        Dfp rounding = unit.multiply(2 * (32 - Integer.numberOfLeadingZeros(k)) + 2);
        if (n > 0) {
            Dfp err = checked(DfpMath.pow(a.abs().add(ea), k)).subtract(magnitude);
            return new Defined(v, checked(err.add(magnitude.multiply(rounding))),
                    checked(DfpMath.pow(base.magnitude(), k)));
        }
        Dfp inverse = checked(field.getOne().divide(v));
        Dfp near = checked(DfpMath.pow(a.abs().subtract(ea), k));
        Dfp err = checked(field.getOne().divide(near)).subtract(inverse.abs());
        return new Defined(inverse, checked(err.add(inverse.abs().multiply(rounding).multiply(2))));
    }

    /** a^n for a huge integer n, through exp(n · ln |a|) with the sign of a^n. */
    private Defined largeIntegerPower(Defined base, BigInteger n) {
        Dfp a = base.value();
        Dfp ea = base.error();
        if (a.isZero() && ea.isZero()) {
            if (n.signum() < 0) {
                throw new Stop(new Undefined("division by zero"));
            }
            return exact(field.getZero());
        }
        if (!a.abs().greaterThan(ea)) {
            throw new Stop(new Unknown("the base of a power is within its rounding error of 0", true));
        }
        Defined magnitude = call(Fn.EXP, multiply(List.of(exact(dfp(n)),
                call(Fn.LOG, new Defined(a.abs(), ea)))));
        boolean negative = a.lessThan(field.getZero()) && n.testBit(0);
        return negative ? new Defined(magnitude.value().negate(), magnitude.error(), magnitude.magnitude()) : magnitude;
    }

    private Defined call(Fn fn, Defined arg) {
        Dfp a = arg.value();
        Dfp ea = arg.error();
        Dfp zero = field.getZero();
        if (ea.isZero() && (a.isZero() || a.equals(field.getOne()))) {
            // the exact values the IR folds (exp(0) = 1, log(1) = 0, sigmoid(0) = 1/2, ...): from there, one table
            Expr folded = Ir.call(fn, a.isZero() ? Ir.ZERO : Ir.ONE);
            if (folded instanceof Expr.Const) {
                return constant(((Expr.Const) folded).value());
            }
        }
        if (fn.smoothness() == Fn.Smoothness.JUMP) {
            return jump(fn, arg);
        }
        switch (fn) {
            case EXP:
                // exp' = exp ≤ v e^e ≤ v (1 + 2e) on the interval, for e ≤ 1
                return monotone(this::exp, arg, (x, e, v) -> e.greaterThan(field.getOne()) ? null
                        : v.multiply(e.multiply(2).add(1)));
            case LOG:
                if (!a.add(ea).greaterThan(zero)) {
                    throw new Stop(new Undefined("log of a number <= 0"));
                }
                if (!a.subtract(ea).greaterThan(zero)) {
                    throw new Stop(new Unknown("the argument of log is within its rounding error of 0", true));
                }
                return monotone(this::log, arg, (x, e, v) -> field.getOne().divide(x.subtract(e)));
            case SQRT:
                if (a.add(ea).lessThan(zero)) {
                    throw new Stop(new Undefined("sqrt of a negative number"));
                }
                if (a.subtract(ea).lessThan(zero)) {
                    throw new Stop(new Unknown("the argument of sqrt is within its rounding error of 0", true));
                }
                return monotone(Dfp::sqrt, arg, (x, e, v) -> x.subtract(e).isZero() ? null
                        : field.getOne().divide(x.subtract(e).sqrt().multiply(2)));
            case ABS:
                return new Defined(a.abs(), ea, arg.magnitude());
            case RELU:
                return new Defined(a.greaterThan(zero) ? a : zero, ea, arg.magnitude());
            case SIN:
                return lipschitz(DfpMath::sin, arg);
            case COS:
                return lipschitz(DfpMath::cos, arg);
            case SIGMOID:
                // σ' = σ(1 − σ) ≤ min(1/4, σ(a + e)) and σ(a + e) ≤ v e^e ≤ v (1 + 2e): tight in the tail too
                return monotone(this::sigmoid, arg, (x, e, v) -> {
                    Dfp quarter = field.newDfp("0.25");
                    if (e.greaterThan(field.getOne())) {
                        return quarter;
                    }
                    Dfp tail = v.multiply(e.multiply(2).add(1));
                    return tail.lessThan(quarter) ? tail : quarter;
                });
            case TANH:
                return monotone(x -> {
                    Dfp m = expm1(x.multiply(2));
                    return m.divide(m.add(2));
                }, arg, (x, e, v) -> field.getOne());
            case SOFTPLUS:
                return monotone(x -> x.greaterThan(zero)
                        ? x.add(log1p(exp(x.negate())))
                        : log1p(exp(x)), arg);
            default:
                throw new AssertionError(fn);
        }
    }

    private Dfp sigmoid(Dfp x) {
        return field.getOne().divide(exp(x.negate()).add(1));
    }

    /** e^x; beyond ±{@value #EXP_LIMIT} unknown, since DfpMath.exp takes time in proportion to x there. */
    private Dfp exp(Dfp x) {
        if (x.abs().greaterThan(field.newDfp(EXP_LIMIT))) {
            throw new Stop(new Unknown("exp of a number beyond ±" + EXP_LIMIT + " exceeds even the range of high "
                    + "precision", false));
        }
        return DfpMath.exp(x);
    }

    /** Below this size, log1p and expm1 sum their series, where the direct forms would cancel. */
    private Dfp seriesRange() {
        return field.newDfp("1e-4");
    }

    /** log x, accurate relative to its value also near x = 1. */
    private Dfp log(Dfp x) {
        Dfp t = x.subtract(1);
        return t.abs().lessThan(seriesRange()) ? log1p(t) : DfpMath.log(x);
    }

    /** log(1 + t), accurate relative to its value also for tiny t. */
    private Dfp log1p(Dfp t) {
        if (!t.abs().lessThan(seriesRange())) {
            return DfpMath.log(t.add(1));
        }
        // t − t²/2 + t³/3 − ...: terms shrink by 10^-4 at least, so digits/4 + 2 terms suffice
        Dfp sum = field.getZero();
        Dfp power = t;
        for (int k = 1; k <= digits / 4 + 2; k++) {
            sum = k % 2 == 1 ? sum.add(power.divide(k)) : sum.subtract(power.divide(k));
            power = power.multiply(t);
        }
        return sum;
    }

    /** exp(t) − 1, accurate relative to its value also for tiny t. */
    private Dfp expm1(Dfp t) {
        if (!t.abs().lessThan(seriesRange())) {
            return exp(t).subtract(1);
        }
        Dfp sum = field.getZero();
        Dfp term = field.getOne();
        for (int k = 1; k <= digits / 4 + 2; k++) {
            term = term.multiply(t).divide(k);
            sum = sum.add(term);
        }
        return sum;
    }

    /**
     * A non-decreasing f, computed in a form accurate relative to its value: the propagated
     * error is the larger distance from f(a) to f at the ends of [a − e, a + e], plus the
     * function's own rounding there.
     */
    private Defined monotone(UnaryOperator<Dfp> f, Defined arg) {
        return monotone(f, arg, (a, e, v) -> null);
    }

    /** A bound on |f'| over [a − e, a + e] given f(a) = v, or null where none is at hand. */
    private interface SlopeBound {
        Dfp over(Dfp a, Dfp e, Dfp v);
    }

    /**
     * As {@link #monotone(UnaryOperator, Defined)}, with the propagated error e · max |f'| where
     * the slope is bounded: one evaluation of f instead of three.
     */
    private Defined monotone(UnaryOperator<Dfp> f, Defined arg, SlopeBound slope) {
        Dfp v = checked(f.apply(arg.value()));
        Dfp err = v.abs().multiply(functionUnit);
        Dfp bound = arg.error().isZero() ? null : slope.over(arg.value(), arg.error(), v);
        if (bound != null) {
            return new Defined(v, checked(err.add(arg.error().multiply(bound))));
        }
        if (!arg.error().isZero()) {
            Dfp lo = checked(f.apply(arg.value().subtract(arg.error())));
            Dfp hi = checked(f.apply(arg.value().add(arg.error())));
            Dfp spread = hi.subtract(v).abs();
            Dfp other = v.subtract(lo).abs();
            err = err.add(spread.greaterThan(other) ? spread : other).add(hi.abs().add(lo.abs()).multiply(functionUnit));
        }
        return new Defined(v, checked(err));
    }

    /**
     * sin and cos: 1-Lipschitz, so the argument's error passes through unchanged; their argument
     * reduction costs accuracy absolutely, in proportion to the argument.
     */
    private Defined lipschitz(UnaryOperator<Dfp> f, Defined arg) {
        if (arg.value().abs().greaterThan(field.newDfp(TRIGONOMETRIC_LIMIT))) {
            throw new Stop(new Unknown("sin or cos of a number too large to reduce by 2π even in high precision",
                    false));
        }
        Dfp v = checked(f.apply(arg.value()));
        Dfp err = arg.error().add(arg.value().abs().add(1).multiply(functionUnit));
        // the argument's error passes through, so does the magnitude it is relative to
        return new Defined(v, err, v.abs().greaterThan(arg.magnitude()) ? v.abs() : arg.magnitude());
    }

    /**
     * A function with a jump at 0, constant on either side: exact where both ends of the
     * argument's interval give the same value, and then every point between them does.
     */
    private Defined jump(Fn fn, Defined arg) {
        double value = fn.apply(signum(arg.value()));
        boolean decided = value == fn.apply(signum(arg.value().subtract(arg.error())))
                && value == fn.apply(signum(arg.value().add(arg.error())));
        if (!decided) {
            throw new Stop(new Unknown("the argument of " + fn.spelling() + " is within its rounding error of its "
                    + "jump at 0", true));
        }
        return exact(field.newDfp((long) value));
    }

    private double signum(Dfp x) {
        return x.isZero() ? 0 : x.lessThan(field.getZero()) ? -1 : 1;
    }

    /** A result that left the range of the high-precision field, either way, cannot be decided. */
    private Dfp checked(Dfp v) {
        if (v.isInfinite() || v.isNaN() || (field.getIEEEFlags() & RANGE_FLAGS) != 0) {
            field.clearIEEEFlags();
            throw new Stop(new Unknown("a value exceeds even the range of high precision", false));
        }
        return v;
    }
}
