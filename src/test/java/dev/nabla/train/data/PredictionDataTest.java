package dev.nabla.train.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.nabla.train.data.Csv.prediction;
import static dev.nabla.train.data.Csv.predictionErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading new rows with a saved encoding, as {@code predict} does, and its errors. */
class PredictionDataTest {
    private static final String TRAINING = "id,色泽,密度,好瓜\n"
            + "1,青绿,0.5,是\n"
            + "2,乌黑,0.7,是\n"
            + "3,浅白,0.3,否\n";

    private static Encoding encoding() {
        return Csv.training(TRAINING, "好瓜", "id").fit(new int[] {0, 1, 2}, true);
    }

    @Test
    void theTrainingRowsEncodeAsInTraining() {
        Dataset training = Csv.training(TRAINING, "好瓜", "id");
        Encoding encoding = training.fit(new int[] {0, 1, 2}, true);
        Dataset again = prediction(TRAINING, encoding);
        assertArrayEquals(encoding.features(training), encoding.features(again));
        assertArrayEquals(training.labels(), again.labels());
    }

    @Test
    void columnsAreFoundByNameAndOthersIgnored() {
        Encoding encoding = encoding();
        Dataset data = prediction("密度,extra,色泽\n0.5,?,乌黑\n", encoding);
        assertFalse(data.hasTarget());
        assertThrows(IllegalStateException.class, data::labels);
        assertEquals(List.of("色泽", "密度"), data.featureColumns());
        assertArrayEquals(new double[][] {{1, 0, 0, 0}}, encoding.features(data));
    }

    @Test
    void integerClassesMatchByValue() {
        Encoding encoding = Csv.training("a,digit\n1,0\n2,7\n", "digit").fit(new int[] {0, 1}, true);
        assertArrayEquals(new int[] {1, 0}, prediction("a,digit\n1,7.0\n2,00\n", encoding).labels());
    }

    @Test
    void missingFeatureColumn() {
        assertEquals("t.csv:1:1: error: no column '密度', which the weights were trained with\n"
                + "色泽,好瓜\n"
                + "^\n", predictionErrors("色泽,好瓜\n青绿,是\n", encoding()));
    }

    @Test
    void categoryNeverSeenInTraining() {
        assertEquals("t.csv:3:1: error: '青' is not a category of column '色泽' seen in training ('乌黑', '浅白', '青绿')\n"
                + "青,0.5\n"
                + "^\n", predictionErrors("色泽,密度\n青绿,0.5\n青,0.5\n", encoding()));
    }

    @Test
    void textInANumericColumn() {
        assertEquals("t.csv:2:4: error: 'heavy' is not a number, but column '密度' was numeric in training\n"
                + "青绿,heavy\n"
                + "   ^~~~~\n", predictionErrors("色泽,密度\n青绿,heavy\n", encoding()));
    }

    @Test
    void classNeverSeenInTraining() {
        assertEquals("t.csv:2:8: error: 'maybe' is not a class seen in training ('否', '是')\n"
                + "青绿,0.5,maybe\n"
                + "       ^~~~~\n", predictionErrors("色泽,密度,好瓜\n青绿,0.5,maybe\n", encoding()));
    }

    @Test
    void emptyCellsInUsedColumnsOnly() {
        assertEquals("t.csv:2:1: error: empty cell in column '色泽'\n"
                + ",0.5,\n"
                + "^\n"
                + "t.csv:2:6: error: empty cell in column '好瓜'\n"
                + ",0.5,\n"
                + "     ^\n", predictionErrors("色泽,密度,好瓜\n,0.5,\n", encoding()));
        assertEquals(1, prediction("id,色泽,密度\n,青绿,0.5\n", encoding()).size());
    }

    @Test
    void anEncodingOfOtherColumnsIsRefused() {
        Dataset other = Csv.training("a,y\n1,0\n2,1\n", "y");
        assertThrows(IllegalArgumentException.class, () -> encoding().features(other));
    }
}
