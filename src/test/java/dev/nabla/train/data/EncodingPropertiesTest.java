package dev.nabla.train.data;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The encoding survives JSON exactly, and its statistics come from the training rows alone. */
class EncodingPropertiesTest {

    @Property(tries = 300)
    void jsonRoundTripIsExact(@ForAll("encodings") Encoding encoding) {
        String json = new Gson().toJson(encoding.toJson());
        assertEquals(encoding, Encoding.fromJson(JsonParser.parseString(json)), json);
    }

    /**
     * Changing the rows outside the training part changes nothing of the encoding, and the
     * training part of every numeric column comes out with mean 0 and standard deviation 1
     * (or 0, when the column is constant there).
     */
    @Property(tries = 200)
    void statisticsComeFromTheTrainingRowsOnly(@ForAll("tables") double[][] values, @ForAll long seed,
                                               @ForAll @IntRange(min = 1, max = 100) int scale) {
        int rows = values.length;
        Split split = Split.stratified(labels(rows), 0.4, 0, Rng.seeded(seed));
        Dataset data = Csv.training(csv(values), "y");
        Encoding encoding = data.fit(split.train(), true);

        double[][] changed = new double[rows][];
        Set<Integer> train = new HashSet<>();
        for (int r : split.train()) {
            train.add(r);
        }
        for (int r = 0; r < rows; r++) {
            changed[r] = values[r].clone();
            if (!train.contains(r)) {
                for (int c = 0; c < changed[r].length; c++) {
                    changed[r][c] = changed[r][c] * scale + 1000;
                }
            }
        }
        Dataset other = Csv.training(csv(changed), "y");
        assertEquals(encoding, other.fit(split.train(), true));

        double[][] x = Split.rows(encoding.features(data), split.train());
        for (int c = 0; c < encoding.width(); c++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[c] / x.length;
            }
            double variance = 0;
            for (double[] row : x) {
                variance += (row[c] - mean) * (row[c] - mean) / x.length;
            }
            boolean constant = ((Encoding.Numeric) encoding.columns().get(c)).std() == 0;
            assertEquals(0, mean, 1e-9);
            assertEquals(constant ? 0 : 1, variance, 1e-9);
        }
    }

    /** Two classes, alternating, so that a stratified split has both. */
    private static int[] labels(int rows) {
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 2;
        }
        return labels;
    }

    private static String csv(double[][] values) {
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < values[0].length; c++) {
            out.append("x").append(c).append(',');
        }
        out.append("y\n");
        for (int r = 0; r < values.length; r++) {
            for (double v : values[r]) {
                out.append(v).append(',');
            }
            out.append(r % 2).append('\n');
        }
        return out.toString();
    }

    @Provide
    Arbitrary<double[][]> tables() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(0.0, 1.0, 0.1, -2.5));
        return Arbitraries.integers().between(1, 4).flatMap(columns ->
                value.array(double[].class).ofSize(columns).array(double[][].class).ofMinSize(4).ofMaxSize(30));
    }

    @Provide
    Arbitrary<Encoding> encodings() {
        Arbitrary<String> name = Arbitraries.strings().withChars("ab青\"\\ =\u00e9\n").ofMinLength(1).ofMaxLength(5);
        Arbitrary<Double> finite = Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 1e-300));
        Arbitrary<Encoding.Column> numeric = Combinators.combine(name, finite, finite.map(Math::abs))
                .as(Encoding.Numeric::new);
        Arbitrary<Encoding.Column> categorical = Combinators.combine(name, name.set().ofMinSize(1).ofMaxSize(4))
                .as((n, categories) -> new Encoding.Categorical(n, new ArrayList<>(categories)));
        Arbitrary<List<Encoding.Column>> columns = Arbitraries.oneOf(numeric, categorical).list().ofMaxSize(5)
                .map(list -> list.stream().collect(Collectors.toMap(Encoding.Column::name, c -> c, (a, b) -> a)))
                .map(map -> new ArrayList<>(map.values()));
        Arbitrary<List<String>> classes = name.set().ofMinSize(2).ofMaxSize(5).map(ArrayList::new);
        return Combinators.combine(name, classes, columns)
                .as((target, k, cs) -> new Encoding(target, k, cs.stream().filter(c -> !c.name().equals(target)).toList()));
    }
}
