package dev.nabla.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nabla train} and {@code nabla predict} end to end, in-process, on the bundled files. */
class TrainCommandTest {
    private static final String XOR_ACCURACY = "accuracy";

    private static JsonObject json(Cli.Run run) {
        return JsonParser.parseString(run.out()).getAsJsonObject();
    }

    private static Cli.Run train(String... args) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        all.add("--quiet");
        return Cli.run(all);
    }

    @Test
    void xorReachesFullAccuracyFromItsDocumentedSeed() {
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--eta", "1",
                "--epochs", "1000", "--seed", "3", "--json");
        assertEquals(0, run.code(), run::toString);
        JsonObject o = json(run);
        assertEquals(1.0, o.get(XOR_ACCURACY).getAsDouble(), run::toString);
        assertEquals(1000, o.get("epochs").getAsInt());
        assertEquals("epochs", o.get("stopped").getAsString());
        assertEquals(4000, o.get("updates").getAsLong());
        assertTrue(o.get("loss").getAsDouble() < 0.01, run::toString);
        assertTrue(o.get("seconds").getAsDouble() > 0);
    }

    @Test
    void theSummaryGivesAccuracyLossEpochsUpdatesAndTime() {
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--eta", "1",
                "--epochs", "10", "--seed", "3");
        assertEquals(0, run.code(), run::toString);
        List<String> lines = run.outLines();
        assertEquals("derivations/xor.nabla on data/xor.csv: 4 training rows, 0 validation, 0 test; mode standard, "
                + "eta 1.0, seed 3, dims {d=2, q=2, l=1}", lines.get(0));
        assertTrue(lines.get(1).matches("stopped by the epoch limit after 10 epochs, 40 updates, \\d+\\.\\d\\d s"),
                lines.get(1));
        assertTrue(lines.get(2).matches("training:   loss \\S+, accuracy \\d\\.\\d{4} \\(\\d of 4\\)"), lines.get(2));
    }

    @Test
    void progressGoesToStandardErrorAsPlainLinesWhenNotATerminal() {
        Cli.Run run = Cli.run("train", "derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y",
                "--epochs", "3");
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.err().startsWith("epoch 1/3: loss "), run.err());
        assertTrue(run.err().contains("epoch 3/3: loss "), run.err());
        assertFalse(run.err().contains("\r"), run.err());
    }

    @Test
    void aTestSplitIsReportedAsTestAccuracy() {
        Cli.Run run = train("derivations/ch5-softmax.nabla", "--data", "data/iris.csv", "--target", "species",
                "--test", "0.3", "--epochs", "5", "--json");
        assertEquals(0, run.code(), run::toString);
        JsonObject o = json(run);
        assertEquals(45, o.get("test_rows").getAsInt()); // 15 of each of the 3 classes of 50
        assertEquals(105, o.get("train_rows").getAsInt());
        assertTrue(o.has("test_accuracy"), run::toString);
    }

    @Test
    void predictOnTheTrainingDataReproducesTrainsAccuracy(@TempDir Path dir) {
        Path weights = dir.resolve("w.json");
        Cli.Run trained = train("derivations/ch5-bp.nabla", "--data", "data/watermelon3.csv", "--target", "好瓜",
                "--drop", "编号", "--dim", "q=3", "--epochs", "40", "--json", "--weights", weights.toString());
        assertEquals(0, trained.code(), trained::toString);
        JsonObject o = json(trained);
        int correct = (int) Math.round(o.get("accuracy").getAsDouble() * 17);
        assertTrue(correct < 17, "a run that is not perfect shows more: " + trained);

        Cli.Run predicted = Cli.run("predict", "derivations/ch5-bp.nabla", "--weights", weights.toString(),
                "--data", "data/watermelon3.csv");
        assertEquals(0, predicted.code(), predicted::toString);
        assertEquals(17, predicted.outLines().size());
        assertTrue(predicted.outLines().stream().allMatch(l -> l.equals("是") || l.equals("否")), predicted::toString);
        Matcher m = Pattern.compile("accuracy (\\S+) \\((\\d+) of 17\\)").matcher(predicted.err());
        assertTrue(m.find(), predicted::toString);
        assertEquals(correct, Integer.parseInt(m.group(2)), predicted::toString);
        assertTrue(predicted.err().contains("confusion matrix (rows: actual class, columns: predicted class)"));
    }

    @Test
    void predictOfSeveralClassesPrintsTheConfusionMatrix(@TempDir Path dir) {
        Path weights = dir.resolve("w.json");
        Cli.Run trained = train("derivations/ch5-softmax.nabla", "--data", "data/iris.csv", "--target", "species",
                "--epochs", "20", "--json", "--weights", weights.toString());
        assertEquals(0, trained.code(), trained::toString);
        int correct = (int) Math.round(json(trained).get("accuracy").getAsDouble() * 150);
        Path out = dir.resolve("p.csv");
        Cli.Run predicted = Cli.run("predict", "derivations/ch5-softmax.nabla", "--weights", weights.toString(),
                "--data", "data/iris.csv", "--out", out.toString());
        assertEquals(0, predicted.code(), predicted::toString);
        assertEquals("", predicted.out());
        List<String> rows = Cli.read(out).lines().toList();
        assertEquals("species", rows.get(0));
        assertEquals(151, rows.size());
        List<String> report = predicted.err().lines().toList();
        assertEquals(String.format(java.util.Locale.ROOT, "accuracy %.4f (%d of 150)", correct / 150.0, correct),
                report.get(0));
        assertEquals("                setosa  versicolor   virginica", report.get(2));
        int total = 0;
        for (String row : report.subList(3, 6)) {
            for (String n : row.substring(10).trim().split(" +")) {
                total += Integer.parseInt(n);
            }
        }
        assertEquals(150, total);
    }

    @Test
    void weightsAndHistoryFiles(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.json");
        Path history = dir.resolve("h.csv");
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "3",
                "--weights", weights.toString(), "--history", history.toString());
        assertEquals(0, run.code(), run::toString);
        JsonObject w = JsonParser.parseString(Files.readString(weights)).getAsJsonObject();
        assertEquals("nabla-weights 1", w.get("format").getAsString());
        assertEquals(64, w.getAsJsonObject("formula").get("sha256").getAsString().length());
        assertEquals("{\"d\":2,\"q\":2,\"l\":1}", w.get("dims").toString());
        assertEquals("yhat", w.get("output").getAsString());
        assertEquals(4, w.getAsJsonObject("parameters").getAsJsonArray("v").size());
        assertEquals("y", w.getAsJsonObject("encoding").get("target").getAsString());
        List<String> lines = Files.readAllLines(history);
        assertEquals(List.of("restart", "epoch", "updates", "loss", "validation_loss", "eta"),
                List.of(lines.get(0).split(",")));
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("1,3,12,"), lines.get(3));
    }

    @Test
    void earlyStoppingKeepsTheWeightsOfLowestValidationLoss() {
        Cli.Run run = train("derivations/ch5-softmax.nabla", "--data", "data/iris.csv", "--target", "species",
                "--validation", "0.3", "--patience", "2", "--eta", "2", "--epochs", "200", "--json");
        assertEquals(0, run.code(), run::toString);
        JsonObject o = json(run);
        assertEquals("early-stopping", o.get("stopped").getAsString(), run::toString);
        assertTrue(o.get("epochs").getAsInt() < 200, run::toString);
        assertTrue(o.has("validation_loss"));
    }

    @Test
    void accumulatedModeMakesOneUpdatePerEpoch() {
        Cli.Run run = train("derivations/ch5-bp.nabla", "--data", "data/watermelon3.csv", "--target", "好瓜",
                "--drop", "编号", "--dim", "q=4", "--mode", "accumulated", "--epochs", "7", "--json");
        assertEquals(0, run.code(), run::toString);
        assertEquals(7, json(run).get("updates").getAsLong());
        Cli.Run batched = train("derivations/ch5-bp.nabla", "--data", "data/watermelon3.csv", "--target", "好瓜",
                "--drop", "编号", "--dim", "q=4", "--mode", "minibatch:5", "--epochs", "7", "--json");
        assertEquals(28, json(batched).get("updates").getAsLong()); // 17 rows: batches of 5, 5, 5, 2
    }

    @Test
    void aWholeDataSetObjectiveTrainsWithItsSampleDimBound() {
        Cli.Run run = train("derivations/ch5-regularized.nabla", "--data", "data/watermelon3alpha.csv", "--target",
                "好瓜", "--drop", "编号", "--const", "lambda=0.9", "--mode", "accumulated", "--eta", "1",
                "--epochs", "50", "--json");
        assertEquals(0, run.code(), run::toString);
        assertEquals(50, json(run).get("updates").getAsLong());
    }

    @Test
    void theWaysOutOfLocalMinimaRun() {
        String[][] variants = {{"--restarts", "3"}, {"--anneal", "0.05,0.9"}, {"--noise", "0.01"},
                {"--momentum", "0.9"}, {"--adaptive"}, {"--init", "xavier"},
                {"--mode", "accumulated", "--optimizer", "cg"}};
        for (String[] variant : variants) {
            List<String> args = new ArrayList<>(List.of("derivations/xor.nabla", "--data", "data/xor.csv",
                    "--target", "y", "--epochs", "20", "--json"));
            args.addAll(List.of(variant));
            Cli.Run run = train(args.toArray(String[]::new));
            assertEquals(0, run.code(), () -> String.join(" ", variant) + "\n" + run);
            assertTrue(json(run).get("loss").getAsDouble() < 0.2, () -> String.join(" ", variant) + "\n" + run);
        }
    }

    @Test
    void runsAreReproducibleBitForBit(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        String[] args = {"derivations/ch5-softmax.nabla", "--data", "data/iris.csv", "--target", "species",
                "--epochs", "3", "--noise", "0.01", "--momentum", "0.5", "--validation", "0.2", "--seed", "7"};
        assertEquals(0, train(concat(args, "--weights", a.toString())).code());
        assertEquals(0, train(concat(args, "--weights", b.toString())).code());
        assertEquals(Files.readString(a), Files.readString(b));
        Path c = dir.resolve("c.json");
        args[args.length - 1] = "8";
        assertEquals(0, train(concat(args, "--weights", c.toString())).code());
        assertFalse(Files.readString(a).equals(Files.readString(c)), "another seed, other weights");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    // ---- errors -----------------------------------------------------------------------------------

    @Test
    void aLossThatIsNotFiniteStopsWithTheLastFiniteWeights(@TempDir Path dir) throws Exception {
        // least squares with a linear output: too large a step diverges until the loss overflows
        Path linear = Cli.write(dir.resolve("linear.nabla"), "dim d\ninput x[d]\ntarget y\nparam w[d], theta\n"
                + "yhat = sum(i, w[i] * x[i]) - theta\nE = 1/2 * (yhat - y)^2\ntrain minimize E over w, theta\n");
        Path weights = dir.resolve("w.json");
        Path history = dir.resolve("h.csv");
        Cli.Run run = train(linear.toString(), "--data", "data/breast_cancer.csv", "--target", "diagnosis",
                "--eta", "0.1", "--epochs", "100", "--json", "--weights", weights.toString(), "--history",
                history.toString());
        assertEquals(1, run.code(), run::toString);
        Cli.assertNoStackTrace(run);
        assertTrue(run.err().matches("nabla train: error: the loss is not finite in epoch 6: the last finite loss "
                + "was \\S+e\\+\\d+, after epoch 5; those weights are kept\\. Try a smaller --eta \\(it was 0\\.1\\)\n"),
                run.err());
        JsonObject o = json(run);
        assertEquals("non-finite", o.get("stopped").getAsString());
        assertEquals(6, o.get("non_finite_epoch").getAsInt());
        assertEquals(5, o.get("epochs").getAsInt());
        double last = o.get("last_finite_loss").getAsDouble();
        assertTrue(Double.isFinite(last), run::toString);
        assertEquals(last, o.get("loss").getAsDouble(), "the weights kept are those of the last finite loss");
        List<String> lines = Files.readAllLines(history);
        assertEquals(6, lines.size(), "a header and epochs 1 to 5");
        assertEquals(last, Double.parseDouble(lines.get(5).split(",")[3]));
        JsonObject w = JsonParser.parseString(Files.readString(weights)).getAsJsonObject();
        assertEquals(30, w.getAsJsonObject("parameters").getAsJsonArray("w").size(), "the last finite weights are saved");
    }

    @Test
    void badOptionsArePicocliErrors() {
        String[][] cases = {
                {"--eta", "-1"}, {"--mode", "sideways"}, {"--mode", "minibatch:0"}, {"--dim", "q=x"},
                {"--patience", "3"}, {"--validation", "1.5"}, {"--init", "zeros"}, {"--anneal", "1"},
                {"--optimizer", "cg"}, {"--optimizer", "adam"}, {"--restarts", "0"}, {"--adaptive", "--anneal", "1,0.9"},
                {"--checkpoint-every", "2"}, {"--epochs", "0"}};
        String[] messages = {
                "nabla: --eta must be a positive number, not -1.0",
                "nabla: Invalid value for option '--mode': unknown mode 'sideways': standard, accumulated or minibatch:N",
                "nabla: Invalid value for option '--mode': minibatch:0 needs a batch size of at least 1, as in minibatch:32",
                "nabla: Invalid value for option '--dim' (NAME=SIZE): 'x' is not an int",
                "nabla: --patience needs a validation split to watch: add --validation 0.2",
                "nabla: --validation must be a fraction in [0, 1), not 1.5",
                "nabla: Invalid value for option '--init': unknown --init 'zeros': uniform or xavier",
                "nabla: Invalid value for option '--anneal': --anneal takes T0,RATE, as in --anneal 0.1,0.95, not '1'",
                "nabla: --optimizer cg minimises the accumulated error: it needs --mode accumulated",
                "nabla: unknown --optimizer 'adam': sgd or cg",
                "nabla: --restarts must be at least 1, not 0",
                "nabla: --anneal and --adaptive both decide whether to keep an epoch that raised the loss: use one",
                "nabla: --checkpoint-every needs --checkpoint FILE",
                "nabla: --epochs must be at least 1, not 0"};
        for (int k = 0; k < cases.length; k++) {
            List<String> args = new ArrayList<>(List.of("derivations/xor.nabla", "--data", "data/xor.csv",
                    "--target", "y"));
            args.addAll(List.of(cases[k]));
            Cli.Run run = train(args.toArray(String[]::new));
            assertEquals(2, run.code(), run::toString);
            Cli.assertNoStackTrace(run);
            assertEquals(messages[k], run.err().lines().findFirst().orElse(""), run::toString);
        }
    }

    @Test
    void aDimNobodyBindsIsAnErrorAtItsDeclaration() {
        Cli.Run run = train("derivations/ch5-bp.nabla", "--data", "data/xor.csv", "--target", "y");
        assertEquals(2, run.code(), run::toString);
        assertEquals("derivations/ch5-bp.nabla:2:8: error: dim q has no size: give it with --dim q=N, or a default "
                + "in the file (dim q = 10)\n"
                + "dim d, q, l                          # input, hidden and output sizes (symbolic)\n"
                + "       ^\n", run.err());
    }

    @Test
    void aDimTheDataBindCannotBeGiven() {
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--dim", "d=3");
        assertEquals(2, run.code(), run::toString);
        assertEquals("derivations/xor.nabla:4:5: error: --dim d: dim d is bound by the data, to 2\n"
                + "dim d = 2, q = 2, l = 1\n"
                + "    ^\n", run.err());
    }

    @Test
    void aDimTheFileDoesNotHave() {
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--dim", "z=3");
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().startsWith("derivations/xor.nabla:1:1: error: --dim z=3: the file has no dim z (its dims: "
                + "[d, q, l])\n"), run.err());
    }

    @Test
    void aFileWithoutTrainStatement(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("n.nabla"), "dim d\ninput x[d]\ntarget y\nE = sum(i, x[i])\n");
        Cli.Run run = train(f.toString(), "--data", "data/xor.csv", "--target", "y");
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().startsWith(f + ":1:1: error: no train statement: a trainer needs 'train minimize E over "
                + "p1, p2, ...'\n"), run.err());
    }

    @Test
    void twoInputsAreAnError(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("two.nabla"), "dim d\ninput a[d], c[d]\ntarget y\nparam w[d]\n"
                + "p = sigmoid(sum(i, w[i] * a[i] * c[i]))\nE = (p - y)^2\ntrain minimize E over w\n");
        Cli.Run run = train(f.toString(), "--data", "data/xor.csv", "--target", "y");
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":7:1: error: training needs exactly one input leaf, for the features, but the file declares"
                + " 2: a, c\n"
                + "train minimize E over w\n"
                + "^~~~~~~~~~~~~~~~~~~~~~~\n", run.err());
    }

    @Test
    void moreClassesThanATargetWithoutOutputDimHolds(@TempDir Path dir) {
        Path f = Cli.write(dir.resolve("one.nabla"), "dim d\ninput x[d]\ntarget y\nparam w[d]\n"
                + "p = sigmoid(sum(i, w[i] * x[i]))\nE = (p - y)^2\ntrain minimize E over w\n");
        Cli.Run run = train(f.toString(), "--data", "data/iris.csv", "--target", "species");
        assertEquals(2, run.code(), run::toString);
        assertEquals(f + ":3:8: error: the target y has one output, but the data's classes need 3 (one-hot): give it"
                + " an output dim\n"
                + "target y\n"
                + "       ^\n", run.err());
    }

    @Test
    void aCsvErrorIsADiagnostic(@TempDir Path dir) {
        Path csv = Cli.write(dir.resolve("bad.csv"), "x1,x2,y\n0,0,0\n0,1\n");
        Cli.Run run = train("derivations/xor.nabla", "--data", csv.toString(), "--target", "y");
        assertEquals(2, run.code(), run::toString);
        Cli.assertNoStackTrace(run);
        assertTrue(run.err().startsWith(csv + ":3:"), run.err());
        Cli.assertDiagnostics(run.err());
    }

    @Test
    void predictWithWeightsOfAnotherFormulaFile(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("w.json");
        assertEquals(0, train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "1",
                "--weights", weights.toString()).code());
        Path changed = Cli.write(dir.resolve("xor.nabla"), Files.readString(Path.of("derivations/xor.nabla")) + "\n# changed\n");
        Cli.Run run = Cli.run("predict", changed.toString(), "--weights", weights.toString(), "--data", "data/xor.csv");
        assertEquals(2, run.code(), run::toString);
        assertTrue(run.err().startsWith("nabla predict: error: " + weights + " was trained on another formula file than "
                + changed + ": derivations/xor.nabla with SHA-256 "), run.err());
        assertTrue(run.err().endsWith("(was it changed since?)\n"), run.err());
    }

    @Test
    void predictOfACategoryNeverSeenInTraining(@TempDir Path dir) {
        Path weights = dir.resolve("w.json");
        assertEquals(0, train("derivations/ch5-bp.nabla", "--data", "data/watermelon3.csv", "--target", "好瓜",
                "--drop", "编号", "--dim", "q=2", "--epochs", "1", "--weights", weights.toString()).code());
        Path rows = Cli.write(dir.resolve("new.csv"), "色泽,根蒂,敲声,纹理,脐部,触感,密度,含糖率\n"
                + "青绿,蜷缩,浊响,清晰,凹陷,硬滑,0.697,0.460\n"
                + "紫色,蜷缩,浊响,清晰,凹陷,硬滑,0.697,0.460\n");
        Cli.Run run = Cli.run("predict", "derivations/ch5-bp.nabla", "--weights", weights.toString(), "--data",
                rows.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals(rows + ":3:1: error: '紫色' is not a category of column '色泽' seen in training ('乌黑', '浅白', "
                + "'青绿')\n"
                + "紫色,蜷缩,浊响,清晰,凹陷,硬滑,0.697,0.460\n"
                + "^~\n", run.err());
    }

    @Test
    void predictWithoutTheTargetColumnPrintsOnlyPredictions(@TempDir Path dir) {
        Path weights = dir.resolve("w.json");
        assertEquals(0, train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "1000",
                "--eta", "1", "--seed", "3", "--weights", weights.toString()).code());
        Path rows = Cli.write(dir.resolve("x.csv"), "x2,x1\n1,0\n1,1\n");
        Cli.Run run = Cli.run("predict", "derivations/xor.nabla", "--weights", weights.toString(), "--data",
                rows.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals(List.of("1", "0"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void predictWithAFileThatIsNoWeights(@TempDir Path dir) {
        Path bad = Cli.write(dir.resolve("w.json"), "{\"format\": \"something else\"}");
        Cli.Run run = Cli.run("predict", "derivations/xor.nabla", "--weights", bad.toString(), "--data", "data/xor.csv");
        assertEquals(2, run.code(), run::toString);
        assertEquals("nabla predict: error: " + bad + " is not a nabla weights file (\"format\": \"nabla-weights 1\")\n",
                run.err());
        Cli.Run missing = Cli.run("predict", "derivations/xor.nabla", "--weights", dir.resolve("none.json").toString(),
                "--data", "data/xor.csv");
        assertEquals(2, missing.code(), missing::toString);
        assertEquals("nabla predict: error: no such file: " + dir.resolve("none.json") + "\n", missing.err());
    }

    @Test
    void resumingAnotherRunsCheckpointIsAnError(@TempDir Path dir) {
        Path ck = dir.resolve("ck.json");
        assertEquals(0, train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--checkpoint", ck.toString()).code());
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--eta", "0.5", "--resume", ck.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals("nabla train: error: " + ck + " belongs to another run: eta was 0.1, now 0.5\n", run.err());
    }

    @Test
    void anOutputInADirectoryThatDoesNotExist(@TempDir Path dir) {
        Path weights = dir.resolve("none").resolve("w.json");
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y",
                "--weights", weights.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals("nabla train: error: cannot write " + weights + ": there is no directory " + dir.resolve("none")
                + "\n", run.err());
    }

    @Test
    void sizesBeyondWhatATrainerHolds() {
        Cli.Run run = train("derivations/ch5-bp.nabla", "--data", "data/digits.csv", "--target", "digit",
                "--dim", "q=2000000000");
        assertEquals(2, run.code(), run::toString);
        Cli.assertNoStackTrace(run);
        assertEquals("derivations/ch5-bp.nabla:5:8: error: v would have 128000000000 elements at these sizes "
                + "{d=64, q=2000000000, l=10}, more than the 100000000 a trainer holds\n"
                + "param  v[d, q], gamma[q], w[q, l], theta[l]\n"
                + "       ^\n", run.err().substring(0, run.err().indexOf("       ^\n") + 9));
    }

    @Test
    void aCheckpointThatIsNotJsonOrNotWhole(@TempDir Path dir) throws Exception {
        Path garbage = Cli.write(dir.resolve("g.json"), "garbage{");
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--resume",
                garbage.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals("nabla train: error: " + garbage + " is not a checkpoint: it is not JSON (line 1, column 9)\n",
                run.err());

        Path binary = Cli.write(dir.resolve("b.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        Cli.Run bin = Cli.run("predict", "derivations/xor.nabla", "--weights", binary.toString(), "--data", "data/xor.csv");
        assertEquals(2, bin.code(), bin::toString);
        assertEquals("nabla predict: error: " + binary + " is not a weights file: it is not UTF-8 text\n", bin.err());

        Path ck = dir.resolve("ck.json");
        assertEquals(0, train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--checkpoint", ck.toString()).code());
        Path broken = Cli.write(dir.resolve("broken.json"), Files.readString(ck).replace("\"started\": true",
                "\"started\": \"yes\""));
        Cli.Run resumed = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--resume", broken.toString());
        assertEquals(2, resumed.code(), resumed::toString);
        Cli.assertNoStackTrace(resumed);
        assertEquals("nabla train: error: not a whole checkpoint: " + broken + ": \"started\" is not true or false\n",
                resumed.err());
    }

    @Test
    void theCompiledTrainerAndTheEvaluatorTrainTheSameNetwork() {
        for (String mode : List.of("standard", "minibatch:3", "accumulated")) {
            String[] args = {"derivations/ch5-softmax.nabla", "--data", "data/iris.csv", "--target", "species",
                    "--epochs", "5", "--mode", mode, "--test", "0.3", "--json"};
            JsonObject compiled = json(train(args));
            JsonObject evaluated = json(train(concat(args, "--evaluator")));
            for (String key : List.of("loss", "test_loss")) {
                double c = compiled.get(key).getAsDouble();
                double e = evaluated.get(key).getAsDouble();
                assertEquals(e, c, 1e-9 * Math.abs(e), mode + " " + key);
            }
            assertEquals(evaluated.get("updates"), compiled.get("updates"));
        }
    }

    @Test
    void lambdaRegularisesAsIn517(@TempDir Path dir) throws Exception {
        String[] args = {"derivations/ch5-bp.nabla", "--data", "data/breast_cancer.csv", "--target", "diagnosis",
                "--dim", "q=4", "--epochs", "5", "--json"};
        double plain = json(train(args)).get("loss").getAsDouble();
        double one = json(train(concat(args, "--lambda", "1"))).get("loss").getAsDouble();
        assertEquals(plain, one, 1e-12 * plain, "lambda 1 is E itself");
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(0, train(concat(args, "--weights", a.toString())).code());
        assertEquals(0, train(concat(args, "--lambda", "0.5", "--weights", b.toString())).code());
        assertTrue(squares(b) < squares(a), "the penalty shrinks the weights");
        Cli.Run bad = train(concat(args, "--lambda", "1.5"));
        assertEquals(2, bad.code(), bad::toString);
        assertEquals("nabla: --lambda must be in [0, 1], not 1.5", bad.err().lines().findFirst().orElse(""));
    }

    private static double squares(Path weights) throws Exception {
        double sum = 0;
        JsonObject p = JsonParser.parseString(Files.readString(weights)).getAsJsonObject().getAsJsonObject("parameters");
        for (String name : p.keySet()) {
            for (var v : p.getAsJsonArray(name)) {
                sum += v.getAsDouble() * v.getAsDouble();
            }
        }
        return sum;
    }

    @Test
    void aRunResumesOnTheImplementationItBeganOn(@TempDir Path dir) {
        Path ck = dir.resolve("ck.json");
        assertEquals(0, train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--checkpoint", ck.toString(), "--evaluator").code());
        Cli.Run run = train("derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--epochs", "2",
                "--resume", ck.toString());
        assertEquals(2, run.code(), run::toString);
        assertEquals("nabla train: error: " + ck + " belongs to another run: network was \"evaluated\", now "
                + "\"compiled\"\n", run.err());
    }
}
