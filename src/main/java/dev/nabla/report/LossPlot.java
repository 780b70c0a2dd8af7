package dev.nabla.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training and validation loss per epoch, from {@code nabla train --history} (columns
 * restart, epoch, updates, loss, validation_loss, eta), as an inline SVG line chart. Epochs of
 * a restarted run follow on from the earlier ones.
 */
public final class LossPlot {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private final List<Double> training = new ArrayList<>();
    private final List<Double> validation = new ArrayList<>();

    private LossPlot() {
    }

    /** The history's losses; a message for people (IllegalArgumentException) when it is not one. */
    public static LossPlot parse(String csv) {
        LossPlot plot = new LossPlot();
        try (Reader r = new StringReader(csv);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            if (!parser.getHeaderNames().contains("loss")) {
                throw new IllegalArgumentException("not a training history: it has no 'loss' column");
            }
            boolean validated = parser.getHeaderNames().contains("validation_loss");
            for (CSVRecord row : parser) {
                plot.training.add(number(row.get("loss"), row));
                plot.validation.add(validated ? number(row.get("validation_loss"), row) : Double.NaN);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("not a training history: " + e.getMessage());
        }
        if (plot.training.isEmpty()) {
            throw new IllegalArgumentException("the training history has no epochs");
        }
        return plot;
    }

    private static double number(String cell, CSVRecord row) {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + (row.getRecordNumber() + 1) + ": '" + cell + "' is not a number");
        }
    }

    public int epochs() {
        return training.size();
    }

    public String svg() {
        double max = 0;
        for (List<Double> series : List.of(training, validation)) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max == 0) {
            max = 1;
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"loss\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        int x0 = LEFT;
        int y0 = HEIGHT - BOTTOM;
        out.append(String.format(Locale.ROOT, "<path d=\"M%d,%d V%d H%d\" fill=\"none\" stroke=\"#333\"/>\n", x0, TOP, y0,
                WIDTH - RIGHT));
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double y = y0 - (y0 - TOP) * k / 4.0;
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                    + "<path d=\"M%d,%.1f H%d\" stroke=\"#eee\"/>\n", x0 - 6, y + 4, String.format(Locale.ROOT, "%.3g", v),
                    x0 + 1, y, WIDTH - RIGHT));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"start\">1</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">epoch</text>\n",
                x0, y0 + 16, WIDTH - RIGHT, y0 + 16, epochs(), (x0 + WIDTH - RIGHT) / 2, y0 + 32));
        line(out, training, max, "#1f5fbf", "training");
        line(out, validation, max, "#d9730d", "validation");
        out.append(String.format(Locale.ROOT, "<g><rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"#1f5fbf\"/>"
                + "<text x=\"%d\" y=\"%d\">training loss</text></g>\n", WIDTH - 170, TOP + 6, WIDTH - 152, TOP + 10));
        if (validation.stream().anyMatch(Double::isFinite)) {
            out.append(String.format(Locale.ROOT, "<g><rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"#d9730d\"/>"
                    + "<text x=\"%d\" y=\"%d\">validation loss</text></g>\n", WIDTH - 170, TOP + 24, WIDTH - 152, TOP + 28));
        }
        return out.append("</svg>").toString();
    }

    private void line(StringBuilder out, List<Double> series, double max, String colour, String name) {
        StringBuilder d = new StringBuilder();
        int n = series.size();
        for (int k = 0; k < n; k++) {
            double v = series.get(k);
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = LEFT + (n == 1 ? 0 : (WIDTH - RIGHT - LEFT) * k / (double) (n - 1));
            double y = HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * v / max;
            d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        if (d.length() > 0) {
            out.append("<path class=\"").append(name).append("\" d=\"").append(d)
                    .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>\n");
        }
    }
}
