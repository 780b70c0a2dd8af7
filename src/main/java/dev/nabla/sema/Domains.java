package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.syntax.Ast;

import java.math.BigDecimal;
import java.util.stream.Collectors;

/** Declared domains: their checks, their conversion to {@link ValueDomain} and how messages quote them. */
final class Domains {
    private Domains() {
    }

    /**
     * The domain a declaration gives its leaves, or null after reporting that it holds no value.
     * The verifier draws doubles, so an interval keeps exactly the doubles inside it: an end that
     * is not a double moves inwards to the nearest one (a closed end) or outwards to the nearest
     * one (an open end, which then excludes nothing inside), and an interval with no double in it
     * is reported. A set element and a one-point interval {@code [a, a]} round to the nearest double.
     */
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
            if (order == 0) {
                double point = i.lo().doubleValue();
                return ValueDomain.interval(point, true, point, true);
            }
            return nonEmpty(ValueDomain.interval(lower(i.lo(), i.loClosed()), i.loClosed(),
                    upper(i.hi(), i.hiClosed()), i.hiClosed()), domain, diags);
        }
        if (domain instanceof Ast.ValueSet s) {
            if (s.values().isEmpty()) {
                diags.error(domain.span(), "empty domain " + render(domain));
                return null;
            }
            return ValueDomain.set(s.values().stream().map(BigDecimal::doubleValue).toList());
        }
        Ast.Bound b = (Ast.Bound) domain;
        switch (b.op()) {
            case GT: return nonEmpty(ValueDomain.interval(lower(b.value(), false), false, INF, false), domain, diags);
            case GE: return nonEmpty(ValueDomain.interval(lower(b.value(), true), true, INF, false), domain, diags);
            case LT: return nonEmpty(ValueDomain.interval(-INF, false, upper(b.value(), false), false), domain, diags);
            default: return nonEmpty(ValueDomain.interval(-INF, false, upper(b.value(), true), true), domain, diags);
        }
    }

    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * The lower end, as a double, of an interval starting at {@code lo}: lo itself if it is a
     * double; else the next double above it if the end is closed, or the last below it if open.
     */
    private static double lower(BigDecimal lo, boolean closed) {
        double d = lo.doubleValue();
        int c = new BigDecimal(d).compareTo(lo);
        if (c == 0) {
            return d;
        }
        double above = c > 0 ? d : Math.nextUp(d);
        return closed ? above : Math.nextDown(above);
    }

    /** The upper end, as a double, of an interval ending at {@code hi}; see {@link #lower}. */
    private static double upper(BigDecimal hi, boolean closed) {
        return -lower(hi.negate(), closed);
    }

    /** The interval, or null after reporting that no double lies in it. */
    private static ValueDomain nonEmpty(ValueDomain d, Ast.Domain written, Diagnostics diags) {
        double first = d.loClosed() ? d.lo() : Math.nextUp(d.lo());
        double last = d.hiClosed() ? d.hi() : Math.nextDown(d.hi());
        if (first > last) {
            diags.error(written.span(), "domain " + render(written) + " contains no double-precision number");
            return null;
        }
        return d;
    }

    /** Whether the exact value v lies in the domain as written. */
    static boolean contains(Ast.Domain domain, BigDecimal v) {
        if (domain instanceof Ast.Interval i) {
            int lo = v.compareTo(i.lo());
            int hi = v.compareTo(i.hi());
            return (i.loClosed() ? lo >= 0 : lo > 0) && (i.hiClosed() ? hi <= 0 : hi < 0);
        }
        if (domain instanceof Ast.ValueSet s) {
            return s.values().stream().anyMatch(x -> x.compareTo(v) == 0);
        }
        Ast.Bound b = (Ast.Bound) domain;
        int c = v.compareTo(b.value());
        switch (b.op()) {
            case GT: return c > 0;
            case GE: return c >= 0;
            case LT: return c < 0;
            default: return c <= 0;
        }
    }

    /** The domain as the user wrote it: {@code (0, 1]}, {@code {0, 1}}, {@code > 0}. */
    static String render(Ast.Domain domain) {
        if (domain instanceof Ast.Interval i) {
            return (i.loClosed() ? "[" : "(") + render(i.lo()) + ", " + render(i.hi()) + (i.hiClosed() ? "]" : ")");
        }
        if (domain instanceof Ast.ValueSet s) {
            return s.values().stream().map(Domains::render).collect(Collectors.joining(", ", "{", "}"));
        }
        Ast.Bound b = (Ast.Bound) domain;
        return b.op().symbol + " " + render(b.value());
    }

    /** A bound in plain digits where that is short ({@code 0.5}, {@code 100}), else as {@code 4.9e-324}. */
    private static String render(BigDecimal v) {
        String plain = v.toPlainString();
        return plain.length() <= 20 ? plain : v.toString().replace("E+", "e").replace('E', 'e');
    }
}
