package dev.nabla.cli;

import dev.nabla.diag.Diagnostics;
import dev.nabla.train.Prediction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nabla predict FILE --weights W --data CSV}: one prediction per row, and the accuracy where the labels are known. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Predict the class of each row of a CSV file.",
                "The weights are those that train --weights wrote. Standard output carries the predictions only "
                        + "(or --out does); when the file has the target column, the accuracy and the confusion "
                        + "matrix go to standard error."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The .nabla file the weights were trained on.")
    Path file;

    @Option(names = "--weights", required = true, paramLabel = "W.json", description = "Weights that train --weights wrote.")
    Path weights;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "The rows to predict (UTF-8 CSV, header row).")
    Path data;

    @Option(names = "--out", paramLabel = "CSV", description = "Write the predictions here, as a CSV file with one column named as the target.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Diagnostics diags = new Diagnostics();
        Prediction prediction;
        try {
            prediction = Prediction.run(file, weights, data, diags);
        } catch (Prediction.BadInput e) {
            err.println("nabla predict: error: " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (prediction == null) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        try {
            if (out != null) {
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                     CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
                    csv.printRecord(prediction.target());
                    for (String c : prediction.classes()) {
                        csv.printRecord(c);
                    }
                }
            } else {
                prediction.classes().forEach(stdout::println);
            }
        } catch (IOException e) {
            err.println("nabla predict: error: cannot write " + out + ": " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (prediction.hasTarget()) {
            report(err, prediction);
        }
        return Main.OK;
    }

    private static void report(PrintWriter err, Prediction p) {
        err.println(String.format(Locale.ROOT, "accuracy %.4f (%d of %d)", p.accuracy(), p.correct(), p.rows()));
        err.println("confusion matrix (rows: actual class, columns: predicted class)");
        List<String> names = p.classNames();
        int width = 5;
        for (String n : names) {
            width = Math.max(width, columns(n));
        }
        int[][] m = p.confusion();
        StringBuilder header = new StringBuilder(pad("", width));
        for (String n : names) {
            header.append("  ").append(padLeft(n, width));
        }
        err.println(header);
        for (int a = 0; a < m.length; a++) {
            StringBuilder row = new StringBuilder(pad(names.get(a), width));
            for (int c = 0; c < m.length; c++) {
                row.append("  ").append(padLeft(Integer.toString(m[a][c]), width));
            }
            err.println(row);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - columns(s)));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - columns(s))) + s;
    }

    /** The terminal columns a class name takes: two for a Chinese, Japanese or Korean character (是, 否). */
    private static int columns(String s) {
        return s.codePoints().map(cp -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            boolean wide = script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                    || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                    || cp >= 0xFF01 && cp <= 0xFF60;
            return wide ? 2 : 1;
        }).sum();
    }
}
