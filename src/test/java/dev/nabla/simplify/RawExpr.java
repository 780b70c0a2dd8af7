package dev.nabla.simplify;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw expression tree, written as generated and evaluated directly in double with a
 * first-order running error bound: the reference the smart constructors and the simplifier
 * are checked against. No sharing, no rewriting, no nabla evaluation code.
 */
sealed interface RawExpr {
    record Num(BigFraction value) implements RawExpr { }
    record Leaf(Tensor tensor, List<Subscript> subscripts) implements RawExpr { }
    record Size(Dim dim) implements RawExpr { }
    record Delta(Subscript left, Subscript right) implements RawExpr { }
    record Neg(RawExpr operand) implements RawExpr { }
    record Binary(char op, RawExpr left, RawExpr right) implements RawExpr { }
    record Call(Fn fn, RawExpr arg) implements RawExpr { }
    record Sum(Index index, RawExpr body) implements RawExpr { }

    /** A value with a bound on its accumulated rounding error. */
    record Approx(double value, double error) { }

    double EPS = 0x1p-53;

    /** The same expression built through the IR smart constructors. */
    default Expr toIr() {
        if (this instanceof Num) {
            return Ir.constant(((Num) this).value());
        }
        if (this instanceof Leaf) {
            return Ir.access(((Leaf) this).tensor(), ((Leaf) this).subscripts());
        }
        if (this instanceof Size) {
            return Ir.dimSize(((Size) this).dim());
        }
        if (this instanceof Delta) {
            return Ir.delta(((Delta) this).left(), ((Delta) this).right());
        }
        if (this instanceof Neg) {
            return Ir.neg(((Neg) this).operand().toIr());
        }
        if (this instanceof Call) {
            return Ir.call(((Call) this).fn(), ((Call) this).arg().toIr());
        }
        if (this instanceof Sum) {
            return Ir.sum(((Sum) this).index(), ((Sum) this).body().toIr());
        }
        Binary b = (Binary) this;
        Expr l = b.left().toIr();
        Expr r = b.right().toIr();
        switch (b.op()) {
            case '+': return Ir.add(l, r);
            case '-': return Ir.sub(l, r);
            case '*': return Ir.mul(l, r);
            case '/': return Ir.div(l, r);
            default: return Ir.pow(l, r);
        }
    }

    /** Direct evaluation with a running error bound (Higham §3.3, first order). */
    default Approx eval(Instance at, Map<Index, Integer> env) {
        if (this instanceof Num) {
            BigFraction v = ((Num) this).value();
            double d = v.doubleValue();
            return new Approx(d, new BigFraction(d).equals(v) ? 0 : EPS * Math.abs(d));
        }
        if (this instanceof Leaf) {
            Leaf l = (Leaf) this;
            int offset = 0;
            for (int k = 0; k < l.subscripts().size(); k++) {
                offset = offset * at.size(l.tensor().shape().get(k)) + position(l.subscripts().get(k), env) - 1;
            }
            return new Approx(at.values(l.tensor())[offset], 0);
        }
        if (this instanceof Size) {
            return new Approx(at.size(((Size) this).dim()), 0);
        }
        if (this instanceof Delta) {
            Delta d = (Delta) this;
            return new Approx(position(d.left(), env) == position(d.right(), env) ? 1 : 0, 0);
        }
        if (this instanceof Neg) {
            Approx a = ((Neg) this).operand().eval(at, env);
            return new Approx(-a.value(), a.error());
        }
        if (this instanceof Sum) {
            Sum s = (Sum) this;
            Map<Index, Integer> inner = new java.util.HashMap<>(env);
            double total = 0;
            double err = 0;
            for (int v = 1; v <= at.size(s.index().dim()); v++) {
                inner.put(s.index(), v);
                Approx t = s.body().eval(at, inner);
                if (!Double.isFinite(t.value())) {
                    return new Approx(Double.NaN, Double.NaN);
                }
                total += t.value();
                err += t.error() + (v > 1 ? EPS * Math.abs(total) : 0);
            }
            return new Approx(total, err);
        }
        if (this instanceof Call) {
            Call c = (Call) this;
            Approx a = c.arg().eval(at, env);
            return call(c.fn(), a.value(), a.error());
        }
        Binary b = (Binary) this;
        Approx l = b.left().eval(at, env);
        Approx r = b.right().eval(at, env);
        double x = l.value();
        double y = r.value();
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            // undefined (a division by 0, or beyond the double range) stays so: 1/(1/0) is not 0
            return new Approx(Double.NaN, Double.NaN);
        }
        double v;
        double err;
        switch (b.op()) {
            case '+': v = x + y; err = l.error() + r.error(); break;
            case '-': v = x - y; err = l.error() + r.error(); break;
            case '*': v = x * y; err = Math.abs(y) * l.error() + Math.abs(x) * r.error(); break;
            case '/': v = x / y; err = l.error() / Math.abs(y) + Math.abs(x) * r.error() / (y * y); break;
            default:
                if (x < 0 && !(b.right() instanceof Num)) {
                    // a negative base to a computed exponent is defined only where the exponent is
                    // exactly an integer, which rounding decides: not a value to compare
                    return new Approx(Double.NaN, Double.NaN);
                }
                v = Math.pow(x, y);
                err = Math.abs(y * Math.pow(x, y - 1)) * l.error()
                        + (r.error() == 0 ? 0 : Math.abs(v * Math.log(Math.abs(x))) * r.error());
        }
        return new Approx(v, err + EPS * Math.abs(v));
    }

    private static Approx call(Fn fn, double a, double ea) {
        if (!Double.isFinite(a)) {
            return new Approx(Double.NaN, Double.NaN); // undefined stays undefined, even through a jump or exp(-inf)
        }
        double v;
        double slope;
        switch (fn) {
            case EXP: v = Math.exp(a); slope = v; break;
            case LOG: v = Math.log(a); slope = 1 / a; break;
            case SQRT: v = Math.sqrt(a); slope = 0.5 / v; break;
            case ABS: v = Math.abs(a); slope = 1; break;
            case SIGMOID: v = 1 / (1 + Math.exp(-a)); slope = v * (1 - v); break;
            case TANH: v = Math.tanh(a); slope = 1 - v * v; break;
            case RELU: v = a > 0 ? a : 0; slope = 1; break;
            case SOFTPLUS: v = Math.max(a, 0) + Math.log1p(Math.exp(-Math.abs(a))); slope = 1; break;
            case SIN: v = Math.sin(a); slope = 1; break;
            case COS: v = Math.cos(a); slope = 1; break;
            default: {
                // sign and step: exact, unless the argument's error straddles the jump
                v = fn == Fn.SIGN ? Math.signum(a) : a >= 0 ? 1 : 0;
                double jump = fn == Fn.SIGN ? 2 : 1;
                return new Approx(v, Math.abs(a) <= ea ? jump : 0);
            }
        }
        double propagated = ea == 0 ? 0 : Math.abs(slope) * ea;
        return new Approx(v, propagated + 2 * EPS * Math.abs(v));
    }

    private static int position(Subscript s, Map<Index, Integer> env) {
        return s instanceof Position ? ((Position) s).value() : env.get((Index) s);
    }

    /** Every assignment of env's indices, row-major, evaluated. */
    default List<Approx> evalOver(Instance at, List<Index> over) {
        List<Approx> out = new ArrayList<>();
        int[] shape = new int[over.size()];
        int n = 1;
        for (int k = 0; k < shape.length; k++) {
            shape[k] = at.size(over.get(k).dim());
            n *= shape[k];
        }
        for (int p = 0; p < n; p++) {
            Map<Index, Integer> env = new java.util.HashMap<>();
            int rest = p;
            for (int k = shape.length - 1; k >= 0; k--) {
                env.put(over.get(k), rest % shape[k] + 1);
                rest /= shape[k];
            }
            out.add(eval(at, env));
        }
        return out;
    }

    /** The evaluator's bound is first order too; both are compared with a safety factor. */
    static boolean agree(Approx raw, Evaluator.Value ir, int k) {
        double v = ir.values()[k];
        double e = ir.errors()[k];
        return Math.abs(raw.value() - v) <= 4 * (raw.error() + e) + 1e-13 * Math.abs(raw.value()) + 1e-300;
    }
}
