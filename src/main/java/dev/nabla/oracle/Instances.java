package dev.nabla.oracle;

import dev.nabla.ir.Dim;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.ValueDomain;
import dev.nabla.verify.RandomChecker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jqwik arbitrary of a file's instances; the only class that touches jqwik, so that an
 * oracle works without it until {@link Oracle#instances()} is called.
 *
 * <p>Every dim's size is drawn first, then the values at those sizes (a flatMap), so jqwik
 * shrinks the sizes first, each towards its lower bound, and then each element towards the
 * simplest value of its domain ({@link RandomChecker#simpleValues}: 0, 1, −1, 0.5, 2, those
 * inside it). An element of a finite set is uniformly one of its elements; of an interval, the
 * verifier's own draw ({@link RandomChecker#draw}) four times in five, else one of the simple
 * values inside it, which is also where shrinking goes. A fixed constant always has its value.
 */
final class Instances {
    /** An interval's drawn values weigh this many times all its simple values together. */
    private static final int DRAWN_WEIGHT = 4;

    private Instances() {
    }

    static Arbitrary<Instance> of(Space space, int maxSize) {
        List<Dim> dims = new ArrayList<>(space.dims().values());
        List<Arbitrary<Integer>> sizes = new ArrayList<>();
        for (Dim d : dims) {
            int lo = space.lowerBound(d);
            sizes.add(Arbitraries.integers().between(lo, Math.max(lo, maxSize)));
        }
        Arbitrary<List<Integer>> allSizes = sizes.isEmpty() ? Arbitraries.just(List.of())
                : Combinators.combine(sizes).as(List::copyOf);
        return allSizes.flatMap(drawn -> {
            Map<Dim, Integer> at = new LinkedHashMap<>();
            for (int k = 0; k < dims.size(); k++) {
                at.put(dims.get(k), drawn.get(k));
            }
            return valuesAt(space, at);
        });
    }

    private static Arbitrary<Instance> valuesAt(Space space, Map<Dim, Integer> sizes) {
        dev.nabla.ir.Instance shapes = new dev.nabla.ir.Instance(sizes, Map.of());
        List<Tensor> leaves = new ArrayList<>(space.leaves().values());
        List<Arbitrary<double[]>> values = new ArrayList<>();
        for (Tensor leaf : leaves) {
            int n = shapes.elements(leaf.shape());
            Double fixed = space.fixed(leaf);
            if (fixed != null) {
                double[] v = new double[n];
                Arrays.fill(v, fixed);
                values.add(Arbitraries.just(v));
            } else {
                // no edge cases: their combinations, 1000s at one size, would crowd out random draws
                values.add(element(space.domain(leaf)).withoutEdgeCases().list().ofSize(n).withoutEdgeCases()
                        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        if (values.isEmpty()) {
            return Arbitraries.just(new Instance(space, shapes));
        }
        return Combinators.combine(values).as(arrays -> {
            Map<Tensor, double[]> byLeaf = new LinkedHashMap<>();
            for (int k = 0; k < leaves.size(); k++) {
                byLeaf.put(leaves.get(k), arrays.get(k));
            }
            return new Instance(space, new dev.nabla.ir.Instance(sizes, byLeaf));
        });
    }

    /** One element of a leaf with this domain. */
    static Arbitrary<Double> element(ValueDomain domain) {
        if (domain.isSet()) {
            // jqwik shrinks a choice towards the first
            return Arbitraries.of(Space.simplestFirst(domain));
        }
        List<Double> simple = RandomChecker.simpleValues(domain);
        Arbitrary<Double> drawn = Arbitraries.randomValue(random -> RandomChecker.draw(domain, random));
        if (simple.isEmpty()) {
            return drawn;
        }
        List<Tuple.Tuple2<Integer, Arbitrary<Double>>> choices = new ArrayList<>();
        for (double s : simple) {
            choices.add(Tuple.of(1, Arbitraries.just(s)));
        }
        choices.add(Tuple.of(DRAWN_WEIGHT * simple.size(), drawn));
        return Arbitraries.frequencyOf(choices);
    }
}
