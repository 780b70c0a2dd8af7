package dev.nabla.verify;

import dev.nabla.sema.ValueDomain;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainSamplingPropertiesTest {

    @Provide
    Arbitrary<ValueDomain> domains() {
        Arbitrary<Double> bound = Arbitraries.doubles().between(-10, 10).ofScale(3);
        Arbitrary<Double> width = Arbitraries.doubles().between(0.001, 10).ofScale(3);
        Arbitrary<Boolean> closed = Arbitraries.of(true, false);
        Arbitrary<ValueDomain> interval = Combinators.combine(bound, width, closed, closed)
                .as((lo, w, lc, hc) -> ValueDomain.interval(lo, lc, lo + w, hc));
        Arbitrary<ValueDomain> above = Combinators.combine(bound, closed)
                .as((lo, lc) -> ValueDomain.interval(lo, lc, Double.POSITIVE_INFINITY, false));
        Arbitrary<ValueDomain> below = Combinators.combine(bound, closed)
                .as((hi, hc) -> ValueDomain.interval(Double.NEGATIVE_INFINITY, false, hi, hc));
        Arbitrary<ValueDomain> set = bound.list().ofMinSize(1).ofMaxSize(4).map(ValueDomain::set);
        return Arbitraries.oneOf(interval, above, below, set);
    }

    @Property(tries = 300)
    void everyDrawnValueIsInTheDomainAndNearAnyBound(@ForAll("domains") ValueDomain domain, @ForAll long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 50; n++) {
            double v = RandomChecker.draw(domain, random);
            assertTrue(domain.contains(v), () -> v + " outside " + domain);
            if (!domain.isSet() && Double.isInfinite(domain.hi())) {
                assertTrue(v <= domain.lo() + 4, () -> v + " too far above " + domain.lo());
            }
            if (!domain.isSet() && Double.isInfinite(domain.lo())) {
                assertTrue(v >= domain.hi() - 4, () -> v + " too far below " + domain.hi());
            }
        }
    }

    @Property(tries = 100)
    void simplerValuesStayInTheDomain(@ForAll("domains") ValueDomain domain, @ForAll long seed) {
        double v = RandomChecker.draw(domain, new Random(seed));
        for (double s : RandomChecker.simplerValues(v, domain)) {
            assertTrue(domain.contains(s), () -> s + " outside " + domain);
        }
    }

    /** Any finite double, of any magnitude, from the bit patterns. */
    @Provide
    Arbitrary<ValueDomain> extremeDomains() {
        Arbitrary<Double> bound = Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
        Arbitrary<Boolean> closed = Arbitraries.of(true, false);
        Arbitrary<ValueDomain> interval = Combinators.combine(bound, bound, closed, closed)
                .as((a, b, lc, hc) -> ValueDomain.interval(Math.min(a, b), lc, Math.max(a, b), hc));
        Arbitrary<ValueDomain> above = Combinators.combine(bound, closed)
                .as((lo, lc) -> ValueDomain.interval(lo, lc, Double.POSITIVE_INFINITY, false));
        Arbitrary<ValueDomain> below = Combinators.combine(bound, closed)
                .as((hi, hc) -> ValueDomain.interval(Double.NEGATIVE_INFINITY, false, hi, hc));
        return Arbitraries.oneOf(interval, above, below).filter(DomainSamplingPropertiesTest::holdsADouble);
    }

    private static boolean holdsADouble(ValueDomain d) {
        double first = d.loClosed() ? d.lo() : Math.nextUp(d.lo());
        double last = d.hiClosed() ? d.hi() : Math.nextDown(d.hi());
        return first <= last;
    }

    @Property(tries = 500)
    void domainsOfAnyMagnitudeAreSampledInside(@ForAll("extremeDomains") ValueDomain domain, @ForAll long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 20; n++) {
            double v = RandomChecker.draw(domain, random);
            assertTrue(domain.contains(v), () -> v + " outside " + domain);
            for (double s : RandomChecker.simplerValues(v, domain)) {
                assertTrue(domain.contains(s), () -> "simpler value " + s + " outside " + domain);
            }
        }
    }

    /** (hi − lo) overflows; the draw must not, and must spread over the interval. */
    @Test
    void anIntervalWiderThanTheDoubleRangeIsSampledWithoutOverflow() {
        Random random = new Random(3);
        ValueDomain wide = ValueDomain.interval(-1.7e308, false, 1.7e308, false);
        boolean negative = false;
        boolean positive = false;
        for (int n = 0; n < 200; n++) {
            double v = RandomChecker.draw(wide, random);
            assertTrue(wide.contains(v), () -> v + " outside " + wide);
            negative |= v < -1e307;
            positive |= v > 1e307;
        }
        assertTrue(negative && positive);
    }

    /** Above 1e17 the doubles are 16 apart, so (a, a + 4] holds none: draw the next few doubles instead. */
    @Test
    void aHalfLineBeyondThePrecisionOfFourIsSampledAtTheNextDoubles() {
        Random random = new Random(4);
        Set<Double> above = new HashSet<>();
        Set<Double> below = new HashSet<>();
        for (int n = 0; n < 200; n++) {
            above.add(RandomChecker.draw(ValueDomain.interval(1e17, false, Double.POSITIVE_INFINITY, false), random));
            below.add(RandomChecker.draw(ValueDomain.interval(Double.NEGATIVE_INFINITY, false, -1e17, true), random));
        }
        assertTrue(above.size() > 3 && below.size() > 3, () -> above + " " + below);
        assertTrue(above.stream().allMatch(v -> v > 1e17 && v <= 1e17 + 16 * 16), above::toString);
        assertTrue(below.stream().allMatch(v -> v <= -1e17 && v >= -1e17 - 16 * 16), below::toString);
        assertEquals(Double.MAX_VALUE, RandomChecker.draw(
                ValueDomain.interval(Double.MAX_VALUE, true, Double.POSITIVE_INFINITY, false), random));
        assertEquals(Math.nextUp(1.0), RandomChecker.draw(
                ValueDomain.interval(1, false, Math.nextUp(Math.nextUp(1.0)), false), random));
    }

    @Test
    void closedEndsAreSometimesDrawnAndOpenEndsNever() {
        Random random = new Random(1);
        Set<Double> drawn = new HashSet<>();
        for (int n = 0; n < 2000; n++) {
            drawn.add(RandomChecker.draw(ValueDomain.interval(0, true, 1, true), random));
        }
        assertTrue(drawn.contains(0.0) && drawn.contains(1.0));
        for (int n = 0; n < 2000; n++) {
            double v = RandomChecker.draw(ValueDomain.interval(0, false, 1, false), random);
            assertTrue(v > 0 && v < 1);
        }
    }

    @Test
    void everyElementOfASetIsDrawn() {
        Random random = new Random(2);
        Set<Double> drawn = new HashSet<>();
        for (int n = 0; n < 200; n++) {
            drawn.add(RandomChecker.draw(ValueDomain.set(List.of(0.0, 1.0, 5.0)), random));
        }
        assertEquals(Set.of(0.0, 1.0, 5.0), drawn);
    }

    @Test
    void simplerValuesComeSimplestFirstAndOnlyBeforeTheValue() {
        ValueDomain all = ValueDomain.interval(-10, true, 10, true);
        assertEquals(List.of(0.0, 1.0, -1.0, 0.5, 2.0, 1.2, 1.23), RandomChecker.simplerValues(1.2345, all));
        assertEquals(List.of(0.0, 1.0), RandomChecker.simplerValues(-1, all));
        assertEquals(List.of(), RandomChecker.simplerValues(0, all));
        assertEquals(List.of(1.0, 0.5), RandomChecker.simplerValues(0.75, ValueDomain.interval(0, false, 1, true))
                .subList(0, 2));
    }
}
