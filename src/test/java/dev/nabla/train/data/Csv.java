package dev.nabla.train.data;

import dev.nabla.diag.Diagnostics;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading CSV text named {@code t.csv} in tests, without files. */
final class Csv {
    private Csv() {
    }

    /** The training data in {@code text}; fails the test on any diagnostic. */
    static Dataset training(String text, String target, String... drop) {
        Diagnostics diags = new Diagnostics();
        Dataset data = training(text.getBytes(StandardCharsets.UTF_8), target, List.of(drop), diags);
        assertFalse(diags.hasErrors(), diags::render);
        assertNotNull(data);
        return data;
    }

    /** The rendered diagnostics of reading {@code text} for training; fails the test if there are none. */
    static String trainingErrors(String text, String target, String... drop) {
        return trainingErrors(text.getBytes(StandardCharsets.UTF_8), target, drop);
    }

    static String trainingErrors(byte[] bytes, String target, String... drop) {
        Diagnostics diags = new Diagnostics();
        assertNull(training(bytes, target, List.of(drop), diags));
        return diags.render();
    }

    /** The data in {@code text} read as {@code encoding} says; fails the test on any diagnostic. */
    static Dataset prediction(String text, Encoding encoding) {
        Diagnostics diags = new Diagnostics();
        CsvTable table = CsvTable.decode("t.csv", text.getBytes(StandardCharsets.UTF_8), diags);
        Dataset data = table == null ? null : Dataset.forPrediction(table, encoding, diags);
        assertEquals("", diags.render());
        assertNotNull(data);
        return data;
    }

    static String predictionErrors(String text, Encoding encoding) {
        Diagnostics diags = new Diagnostics();
        CsvTable table = CsvTable.decode("t.csv", text.getBytes(StandardCharsets.UTF_8), diags);
        assertNull(table == null ? null : Dataset.forPrediction(table, encoding, diags));
        return diags.render();
    }

    private static Dataset training(byte[] bytes, String target, List<String> drop, Diagnostics diags) {
        CsvTable table = CsvTable.decode("t.csv", bytes, diags);
        return table == null ? null : Dataset.forTraining(table, target, drop, diags);
    }
}
