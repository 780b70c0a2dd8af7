package dev.nabla.autodiff;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Children;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The local partial {@code ∂e/∂z[k...]} of one expression with respect to one tensor, every
 * other tensor held fixed: an access {@code z[i...]} contributes {@code delta(i, k)...}, sums
 * are differentiated under the sum, and a call contributes its rule from {@link dev.nabla.ir.Fn}'s
 * table written over its output. Memoized over the DAG.
 */
final class LocalPartial {
    private final Tensor variable;
    private final List<Index> at;
    private final UnaryOperator<Expr> outputName;
    private final Map<Expr, Expr> memo = new IdentityHashMap<>();
    private final Map<Expr, Boolean> depends = new IdentityHashMap<>();

    /**
     * @param variable   the tensor z
     * @param at         fresh index variables, one per slot of z
     * @param outputName the forward node that names a call's output, or the call itself
     */
    LocalPartial(Tensor variable, List<Index> at, UnaryOperator<Expr> outputName) {
        this.variable = variable;
        this.at = at;
        this.outputName = outputName;
    }

    Expr of(Expr e) {
        if (!dependsOnVariable(e)) {
            return Ir.ZERO;
        }
        Expr done = memo.get(e);
        if (done == null) {
            done = derive(e);
            memo.put(e, done);
        }
        return done;
    }

    private boolean dependsOnVariable(Expr e) {
        Boolean known = depends.get(e);
        if (known != null) {
            return known;
        }
        boolean d;
        if (e instanceof Expr.Access) {
            d = ((Expr.Access) e).tensor() == variable;
        } else {
            d = false;
            for (Expr child : Children.of(e)) {
                if (dependsOnVariable(child)) {
                    d = true;
                    break;
                }
            }
        }
        depends.put(e, d);
        return d;
    }

    private Expr derive(Expr e) {
        if (e instanceof Expr.Access) {
            List<Subscript> subs = ((Expr.Access) e).subscripts();
            List<Expr> deltas = new ArrayList<>();
            for (int t = 0; t < subs.size(); t++) {
                deltas.add(Ir.delta(subs.get(t), at.get(t)));
            }
            return Ir.mul(deltas);
        }
        if (e instanceof Expr.Add) {
            List<Expr> terms = new ArrayList<>();
            for (Expr t : ((Expr.Add) e).terms()) {
                terms.add(of(t));
            }
            return Ir.add(terms);
        }
        if (e instanceof Expr.Mul) {
            List<Expr> factors = ((Expr.Mul) e).factors();
            List<Expr> terms = new ArrayList<>();
            for (int i = 0; i < factors.size(); i++) {
                Expr di = of(factors.get(i));
                if (di != Ir.ZERO) {
                    List<Expr> product = new ArrayList<>(factors);
                    product.set(i, di);
                    terms.add(Ir.mul(product));
                }
            }
            return Ir.add(terms);
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            Expr base = p.base();
            Expr exponent = p.exponent();
            // d(b^c) = c b^(c-1) db + b^c log(b) dc; the log term only when c varies, so that
            // powers of negative bases with fixed exponents stay defined
            Expr viaBase = Ir.mul(exponent, Ir.pow(base, Ir.sub(exponent, Ir.ONE)), of(base));
            Expr dc = of(exponent);
            if (dc == Ir.ZERO) {
                return viaBase;
            }
            return Ir.add(viaBase, Ir.mul(outputName.apply(e), Ir.call(dev.nabla.ir.Fn.LOG, base), dc));
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return Ir.mul(c.fn().derivative(c.arg(), outputName.apply(c)), of(c.arg()));
        }
        if (e instanceof Expr.Sum) {
            Expr.Sum s = (Expr.Sum) e;
            return Ir.sum(s.index(), of(s.body()));
        }
        throw new IllegalStateException("reverse mode met an unexpanded or unknown node: " + e);
    }
}
