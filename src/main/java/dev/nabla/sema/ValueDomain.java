package dev.nabla.sema;

import java.util.List;

/**
 * The values a leaf may take, as the verifier samples them. An interval may be unbounded on
 * one side ({@code > a}); {@code values} is non-null for a finite set ({@code in {0, 1}}).
 */
public record ValueDomain(double lo, boolean loClosed, double hi, boolean hiClosed, List<Double> values) {

    /** Leaves without a declared domain are sampled from [-2, 2]. */
    public static final ValueDomain DEFAULT = interval(-2, true, 2, true);

    public static ValueDomain interval(double lo, boolean loClosed, double hi, boolean hiClosed) {
        return new ValueDomain(lo, loClosed, hi, hiClosed, null);
    }

    public static ValueDomain set(List<Double> values) {
        return new ValueDomain(Double.NaN, false, Double.NaN, false, List.copyOf(values));
    }

    public boolean isSet() {
        return values != null;
    }

    public boolean contains(double v) {
        if (isSet()) {
            return values.contains(v);
        }
        boolean aboveLo = loClosed ? v >= lo : v > lo;
        boolean belowHi = hiClosed ? v <= hi : v < hi;
        return aboveLo && belowHi;
    }
}
