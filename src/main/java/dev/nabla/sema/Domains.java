package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.syntax.Ast;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Declared domains: their checks, their conversion to {@link ValueDomain} and how messages quote them. */
final class Domains {
    private Domains() {
    }

    /** The domain a declaration gives its leaves, or null after reporting that it holds no value. */
    static ValueDomain convert(Ast.Domain domain, Diagnostics diags) {
        if (domain == null) {
            return ValueDomain.DEFAULT;
        }
        if (domain instanceof Ast.Interval i) {
            int order = i.lo().compareTo(i.hi());
            if (order > 0) {
                diags.error(domain.span(), "reversed domain " + render(domain));
                return null;
            }
            if (order == 0 && !(i.loClosed() && i.hiClosed())) {
                diags.error(domain.span(), "empty domain " + render(domain));
                return null;
            }
            return ValueDomain.interval(i.lo().doubleValue(), i.loClosed(), i.hi().doubleValue(), i.hiClosed());
        }
        if (domain instanceof Ast.ValueSet s) {
            if (s.values().isEmpty()) {
                diags.error(domain.span(), "empty domain " + render(domain));
                return null;
            }
            return ValueDomain.set(s.values().stream().map(BigDecimal::doubleValue).toList());
        }
        Ast.Bound b = (Ast.Bound) domain;
        double a = b.value().doubleValue();
        switch (b.op()) {
            case GT: return ValueDomain.interval(a, false, Double.POSITIVE_INFINITY, false);
            case GE: return ValueDomain.interval(a, true, Double.POSITIVE_INFINITY, false);
            case LT: return ValueDomain.interval(Double.NEGATIVE_INFINITY, false, a, false);
            default: return ValueDomain.interval(Double.NEGATIVE_INFINITY, false, a, true);
        }
    }

    /** The domain as the user wrote it: {@code (0, 1]}, {@code {0, 1}}, {@code > 0}. */
    static String render(Ast.Domain domain) {
        if (domain instanceof Ast.Interval i) {
            return (i.loClosed() ? "[" : "(") + i.lo().toPlainString() + ", " + i.hi().toPlainString()
                    + (i.hiClosed() ? "]" : ")");
        }
        if (domain instanceof Ast.ValueSet s) {
            return render(s.values());
        }
        Ast.Bound b = (Ast.Bound) domain;
        return b.op().symbol + " " + b.value().toPlainString();
    }

    private static String render(List<BigDecimal> values) {
        return values.stream().map(BigDecimal::toPlainString).collect(Collectors.joining(", ", "{", "}"));
    }
}
