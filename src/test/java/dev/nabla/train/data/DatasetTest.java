package dev.nabla.train.data;

import dev.nabla.diag.Diagnostics;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading and encoding data sets: the bundled files and small hand-checked ones. */
class DatasetTest {
    private static final Path DATA = Path.of("data");

    private static Dataset bundled(String file, String target, String... drop) {
        Diagnostics diags = new Diagnostics();
        Dataset data = Dataset.read(DATA.resolve(file), target, List.of(drop), diags);
        assertFalse(diags.hasErrors(), diags::render);
        assertNotNull(data);
        return data;
    }

    @Test
    void watermelon3() {
        Dataset data = bundled("watermelon3.csv", "好瓜", "编号");
        assertEquals(17, data.size());
        assertEquals(List.of("否", "是"), data.classes());
        int[] good = new int[17];
        Arrays.fill(good, 0, 8, 1); // samples 1-8 are good melons
        assertArrayEquals(good, data.labels());
        assertEquals(List.of("色泽", "根蒂", "敲声", "纹理", "脐部", "触感", "密度", "含糖率"), data.featureColumns());
        Encoding encoding = data.fit(Split.none(17).train(), true);
        assertEquals(3 + 3 + 3 + 3 + 3 + 2 + 1 + 1, encoding.width());
        assertEquals(1, encoding.outputs());
        assertEquals(List.of("色泽=乌黑", "色泽=浅白", "色泽=青绿"), encoding.featureNames().subList(0, 3));
        double[] first = encoding.features(data)[0]; // 1,青绿,蜷缩,浊响,清晰,凹陷,硬滑,0.697,0.460,是
        assertArrayEquals(new double[] {0, 0, 1}, Arrays.copyOfRange(first, 0, 3));
        assertEquals(2, data.line(0));
        assertEquals(18, data.line(16));
        assertArrayEquals(new double[] {1}, encoding.targets(data)[0]);
        assertArrayEquals(new double[] {0}, encoding.targets(data)[16]);
    }

    @Test
    void watermelon3alphaIsNumeric() {
        Encoding encoding = bundled("watermelon3alpha.csv", "好瓜", "编号").fit(Split.none(17).train(), true);
        assertEquals(List.of("密度", "含糖率"), encoding.featureNames());
    }

    @Test
    void digitsAreClassesInNumericOrder() {
        Dataset data = bundled("digits.csv", "digit");
        assertEquals(1797, data.size());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), data.classes());
        Encoding encoding = data.fit(Split.none(data.size()).train(), true);
        assertEquals(64, encoding.width());
        assertEquals(10, encoding.outputs());
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, encoding.targets(data)[0]); // the first row is a 0
        assertEquals(new Encoding.Numeric("p00", 0, 0), encoding.columns().get(0)); // a pixel that is always 0
    }

    @Test
    void irisAndBreastCancer() {
        Dataset iris = bundled("iris.csv", "species");
        assertEquals(List.of("setosa", "versicolor", "virginica"), iris.classes());
        assertEquals(3, iris.fit(iris.labels(), true).outputs());
        Dataset cancer = bundled("breast_cancer.csv", "diagnosis");
        assertEquals(List.of("benign", "malignant"), cancer.classes());
        Encoding encoding = cancer.fit(Split.none(cancer.size()).train(), true);
        assertEquals(30, encoding.width());
        assertEquals(1, encoding.outputs());
    }

    @Test
    void xor() {
        Dataset data = bundled("xor.csv", "y");
        Encoding encoding = data.fit(Split.none(4).train(), false);
        assertArrayEquals(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, encoding.features(data));
        assertArrayEquals(new double[][] {{0}, {1}, {1}, {0}}, encoding.targets(data));
    }

    @Test
    void theSecondClassInOrderIsTheOne() {
        assertEquals(List.of("no", "Yes"), Csv.training("a,y\n1,Yes\n2,no\n", "y").classes());
        assertEquals(List.of("False", "true"), Csv.training("a,y\n1,true\n2,False\n", "y").classes());
        assertEquals(List.of("-1", "1"), Csv.training("a,y\n1,1\n2,-1\n", "y").classes());
        assertEquals(List.of("否", "是"), Csv.training("a,y\n1,是\n2,否\n", "y").classes());
    }

    @Test
    void integerClassesAreNamedCanonicallyAndOrderedByValue() {
        Dataset data = Csv.training("a,y\n1,10\n2,9\n3,01\n4,1.0\n5,2e0\n", "y");
        assertEquals(List.of("1", "2", "9", "10"), data.classes());
        assertArrayEquals(new int[] {3, 2, 0, 0, 1}, data.labels());
    }

    @Test
    void categoriesAreSortedWhateverTheRowOrder() {
        Encoding encoding = Csv.training("c,y\nb,0\nB,1\na,0\n10,1\n9,0\n", "y").fit(new int[] {0}, true);
        assertEquals(List.of(new Encoding.Categorical("c", List.of("9", "10", "a", "B", "b"))), encoding.columns());
    }

    @Test
    void aColumnWithAsManyTextCellsAsNumbersIsCategorical() {
        Encoding encoding = Csv.training("c,y\n1,0\nx,1\n", "y").fit(new int[] {0, 1}, true);
        assertEquals(new Encoding.Categorical("c", List.of("1", "x")), encoding.columns().get(0));
    }

    @Test
    void whiteSpaceAroundCellsIsNotPartOfThem() {
        Dataset data = Csv.training("a , c,y\n 1 ,\" x \", 0\n2,x,1\n", "y");
        Encoding encoding = data.fit(new int[] {0, 1}, false);
        assertEquals(List.of("a", "c=x"), encoding.featureNames());
        assertArrayEquals(new double[][] {{1, 1}, {2, 1}}, encoding.features(data));
    }

    @Test
    void standardisationUsesTheTrainingRowsOnly() {
        Dataset data = Csv.training("a,b,y\n1,5,0\n3,5,1\n100,7,0\n", "y");
        Encoding encoding = data.fit(new int[] {0, 1}, true);
        assertEquals(List.of(new Encoding.Numeric("a", 2, 1), new Encoding.Numeric("b", 5, 0)), encoding.columns());
        assertArrayEquals(new double[][] {{-1, 0}, {1, 0}, {98, 2}}, encoding.features(data));
    }

    @Test
    void aConstantColumnIsCentredExactly() {
        Dataset data = Csv.training("a,y\n0.1,0\n0.1,1\n0.1,0\n", "y");
        Encoding encoding = data.fit(new int[] {0, 1, 2}, true);
        assertEquals(new Encoding.Numeric("a", 0.1, 0), encoding.columns().get(0));
        assertArrayEquals(new double[][] {{0}, {0}, {0}}, encoding.features(data));
    }

    @Test
    void fittingOnNoRowsIsAProgrammingError() {
        Dataset data = Csv.training("a,y\n1,0\n2,1\n", "y");
        assertThrows(IllegalArgumentException.class, () -> data.fit(new int[0], true));
    }

    @Test
    void classOfOutputs() {
        Encoding two = Csv.training("a,y\n1,0\n2,1\n", "y").fit(new int[] {0}, true);
        assertEquals(1, two.classOf(new double[] {0.5}));
        assertEquals(0, two.classOf(new double[] {0.4999}));
        Encoding three = Csv.training("a,y\n1,x\n2,y\n3,z\n", "y").fit(new int[] {0}, true);
        assertEquals(1, three.classOf(new double[] {0.2, 0.5, 0.3}));
        assertEquals(0, three.classOf(new double[] {0.5, 0.5, 0}));
        assertEquals(2, three.classOf(new double[] {Double.NaN, Double.NaN, 0}));
        assertArrayEquals(new double[] {0, 0, 1}, three.target(2));
    }
}
