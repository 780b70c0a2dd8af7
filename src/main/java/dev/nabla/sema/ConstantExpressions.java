package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.ir.Fn;
import dev.nabla.syntax.Ast;

import java.math.BigDecimal;

/** Values written as constant expressions: numbers, arithmetic and built-in calls, without names. */
final class ConstantExpressions {
    private static final String ALLOWED = "only numbers, arithmetic and built-in functions are allowed";

    private ConstantExpressions() {
    }

    /** The value of {@code e}, or null after reporting why it has none. */
    static Double value(Ast.Expr e, Declarations decls, Diagnostics diags) {
        int before = diags.errors().size();
        double v = evaluate(e, decls, diags);
        if (diags.errors().size() > before) {
            return null;
        }
        if (!Double.isFinite(v)) {
            diags.error(e.span(), "this value is not a finite number");
            return null;
        }
        return v;
    }

    /** Like {@link #value}, but a plain (possibly negated) literal keeps its exact decimal value. */
    static BigDecimal exactValue(Ast.Expr e, Declarations decls, Diagnostics diags) {
        if (e instanceof Ast.Num n) {
            return n.value();
        }
        if (e instanceof Ast.Neg neg && neg.operand() instanceof Ast.Num n) {
            return n.value().negate();
        }
        Double v = value(e, decls, diags);
        return v == null ? null : BigDecimal.valueOf(v);
    }

    /** Evaluates every part even after an error, so that all problems are reported in one run. */
    private static double evaluate(Ast.Expr e, Declarations decls, Diagnostics diags) {
        if (e instanceof Ast.Num n) {
            return n.value().doubleValue();
        }
        if (e instanceof Ast.Neg n) {
            return -evaluate(n.operand(), decls, diags);
        }
        if (e instanceof Ast.Binary b) {
            double l = evaluate(b.left(), decls, diags);
            double r = evaluate(b.right(), decls, diags);
            switch (b.op()) {
                case ADD: return l + r;
                case SUB: return l - r;
                case MUL: return l * r;
                case DIV: return l / r;
                default: return Math.pow(l, r);
            }
        }
        if (e instanceof Ast.Call c) {
            Fn f = decls.function(c, diags);
            double[] args = new double[c.args().size()];
            for (int k = 0; k < args.length; k++) {
                args[k] = evaluate(c.args().get(k), decls, diags);
            }
            if (f == null) {
                return Double.NaN;
            }
            return c.prime() ? f.derivativeAt(args[0]) : f.apply(args[0]);
        }
        if (e instanceof Ast.Ref r) {
            diags.error(r.span(), "a value cannot use the name '" + r.name().text() + "': " + ALLOWED);
        } else {
            String what = e instanceof Ast.Sum ? "sum" : e instanceof Ast.Delta ? "delta" : "diff";
            diags.error(e.span(), "a value cannot use " + what + ": " + ALLOWED);
        }
        return Double.NaN;
    }
}
