package dev.nabla.train.data;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.Diagnostics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of a CSV file as a classifier's training data: feature columns, each numeric or
 * categorical, and a target column of class labels. Values stay as read (numbers, category
 * indices); an {@link Encoding} fitted on the training rows turns them into the network's inputs
 * and outputs.
 *
 * <h2>Reading for training: {@link #read(Path, String, List, Diagnostics)}</h2>
 * The file is UTF-8 with a header row (see {@link CsvTable} for the CSV rules). The target column
 * is named; the {@code drop} columns are left out; every other column is a feature, in the order
 * of the file.
 * <ul>
 * <li>A feature column is numeric when its cells are decimal numbers ({@code 0.697}, {@code -3},
 *     {@code 1e-3}; not {@code NaN} or {@code Infinity}) and categorical when they are text.
 *     A column of mostly numbers with some text is an error at each text cell (a typo or a
 *     missing-value marker such as {@code ?} would otherwise turn hundreds of numbers into
 *     categories); with at least as many text cells as numbers the column is categorical.</li>
 * <li>Categories, and classes, are in {@link Cells#ORDER}: numbers by value, then text ignoring
 *     case, then by code point. The order does not depend on the order of the rows, and a
 *     category or class is known from the whole file even when all its rows are held out.</li>
 * <li>The target's values are class labels. A target of integers ({@code digit}: 0..9) is one
 *     class per integer, named canonically ({@code 01} and {@code 1.0} are class {@code 1});
 *     numbers that are not integers are an error, since nabla trains classifiers. Two classes
 *     give one output, 1 for the second class in that order: 1 of {0, 1}, 是 of {否, 是}, yes of
 *     {no, yes}, true of {false, true}, malignant of {benign, malignant}.</li>
 * <li>An empty cell, in a feature or the target column, is an error; one target class alone is
 *     an error (nothing to learn).</li>
 * </ul>
 *
 * <h2>Reading for prediction: {@link #read(Path, Encoding, Diagnostics)}</h2>
 * The columns are found by name, in any order, and read as the encoding says; other columns are
 * ignored; the target column may be absent ({@link #hasTarget}). A number in a categorical
 * column is a category like any text; text in a numeric column, a category or a class that
 * training never saw, and a missing feature column are errors.
 *
 * <p>All errors are diagnostics {@code file:line:column: error: message} with the line and a
 * caret under the cell; the read returns null when there are any.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Diagnostics diags = new Diagnostics();
 * Dataset data = Dataset.read(csv, "好瓜", List.of("编号"), diags);   // null: print diags.render(), exit 2
 * Split split = Split.stratified(data.labels(), 0.3, 0.2, Rng.seeded(seed));
 * Encoding encoding = data.fit(split.train(), true);              // statistics of the training rows only
 * double[][] x = encoding.features(data), y = encoding.targets(data);
 * double[][] xTrain = Split.rows(x, split.train());
 * }</pre>
 */
public final class Dataset {
    private final String file;
    private final int[] lines;
    private final String target;
    private final List<String> classes;
    private final int[] labels;
    private final List<String> names;
    private final List<List<String>> categories;
    private final double[][] raw;

    private Dataset(String file, int[] lines, String target, List<String> classes, int[] labels,
                    List<String> names, List<List<String>> categories, double[][] raw) {
        this.file = file;
        this.lines = lines;
        this.target = target;
        this.classes = List.copyOf(classes);
        this.labels = labels;
        this.names = List.copyOf(names);
        this.categories = List.copyOf(categories);
        this.raw = raw;
    }

    /** The training data in {@code csv}, or null after reporting every problem to {@code diags}. */
    public static Dataset read(Path csv, String target, List<String> drop, Diagnostics diags) {
        CsvTable table = CsvTable.read(csv, diags);
        return table == null ? null : forTraining(table, target, drop, diags);
    }

    /** The rows of {@code csv} read as {@code encoding} says, for prediction; null after reporting problems. */
    public static Dataset read(Path csv, Encoding encoding, Diagnostics diags) {
        CsvTable table = CsvTable.read(csv, diags);
        return table == null ? null : forPrediction(table, encoding, diags);
    }

    static Dataset forTraining(CsvTable table, String target, List<String> drop, Diagnostics diags) {
        Diagnostics cells = new Diagnostics();
        Dataset data = forTraining(table, target, drop, diags, cells);
        inFileOrder(cells, diags);
        return diags.hasErrors() ? null : data;
    }

    static Dataset forPrediction(CsvTable table, Encoding encoding, Diagnostics diags) {
        Diagnostics cells = new Diagnostics();
        Dataset data = forPrediction(table, encoding, diags, cells);
        inFileOrder(cells, diags);
        return diags.hasErrors() ? null : data;
    }

    /** Cell errors are found column by column but read best row by row, as the file is. */
    private static void inFileOrder(Diagnostics cells, Diagnostics diags) {
        cells.errors().stream()
                .sorted(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()))
                .forEach(d -> diags.error(d.span(), d.message()));
    }

    private static Dataset forTraining(CsvTable table, String target, List<String> drop, Diagnostics diags,
                                       Diagnostics cells) {
        target = target.strip(); // as header names are: "--drop id, 编号" means what it says
        int targetColumn = table.column(target);
        if (targetColumn < 0) {
            diags.error(table.headerStart(), "no column " + Cells.quote(target) + " for the target; the columns are "
                    + Cells.quoteAll(table.header()));
        }
        Set<Integer> dropped = new HashSet<>();
        for (String given : drop) {
            String name = given.strip();
            int column = table.column(name);
            if (column < 0) {
                diags.error(table.headerStart(), "no column " + Cells.quote(name) + " to drop; the columns are "
                        + Cells.quoteAll(table.header()));
            } else if (column == targetColumn) {
                diags.error(table.headerSpan(column), "the target column " + Cells.quote(name) + " cannot be dropped");
            }
            dropped.add(column);
        }
        List<Integer> features = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (c != targetColumn && !dropped.contains(c)) {
                features.add(c);
            }
        }
        if (!diags.hasErrors() && features.isEmpty()) {
            diags.error(table.headerStart(), "no feature columns: every column is the target or dropped");
        }
        if (diags.hasErrors()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<List<String>> categories = new ArrayList<>();
        double[][] raw = new double[features.size()][];
        for (int f = 0; f < features.size(); f++) {
            int c = features.get(f);
            names.add(table.header().get(c));
            categories.add(reportEmpty(table, c, cells) ? List.of() : kindOf(table, c, cells));
            raw[f] = categories.get(f).isEmpty() ? numbers(table, c, cells) : indices(table, c, categories.get(f));
        }
        Target classes = reportEmpty(table, targetColumn, cells) ? null : targetOf(table, targetColumn, cells);
        if (cells.hasErrors()) {
            return null;
        }
        return new Dataset(table.file(), lines(table), target, classes.names, classes.labels, names, categories, raw);
    }

    private static Dataset forPrediction(CsvTable table, Encoding encoding, Diagnostics diags, Diagnostics cells) {
        List<Encoding.Column> columns = encoding.columns();
        int[] at = new int[columns.size()];
        for (int f = 0; f < columns.size(); f++) {
            at[f] = table.column(columns.get(f).name());
            if (at[f] < 0) {
                diags.error(table.headerStart(), "no column " + Cells.quote(columns.get(f).name())
                        + ", which the weights were trained with");
            }
        }
        if (diags.hasErrors()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<List<String>> categories = new ArrayList<>();
        double[][] raw = new double[columns.size()][];
        for (int f = 0; f < columns.size(); f++) {
            Encoding.Column column = columns.get(f);
            names.add(column.name());
            boolean empty = reportEmpty(table, at[f], cells);
            if (column instanceof Encoding.Categorical) {
                List<String> known = ((Encoding.Categorical) column).categories();
                categories.add(known);
                raw[f] = empty ? null : known(table, at[f], known, "a category of column " + Cells.quote(column.name()), cells);
            } else {
                categories.add(List.of());
                raw[f] = empty ? null : numbersAsTrained(table, at[f], cells);
            }
        }
        int targetColumn = table.column(encoding.target());
        int[] labels = null;
        if (targetColumn >= 0 && !reportEmpty(table, targetColumn, cells)) {
            double[] known = known(table, targetColumn, encoding.classes(), "a class", cells);
            labels = known == null ? null : toInts(known);
        }
        if (cells.hasErrors()) {
            return null;
        }
        return new Dataset(table.file(), lines(table), encoding.target(), encoding.classes(), labels,
                names, categories, raw);
    }

    /** The number of rows. */
    public int size() {
        return lines.length;
    }

    /** The file the rows were read from, as diagnostics name it. */
    public String file() {
        return file;
    }

    /** The 1-based line of the file on which a row starts (the header is line 1 or later). */
    public int line(int row) {
        return lines[row];
    }

    /** The name of the target column. */
    public String target() {
        return target;
    }

    /** The class names in the order of {@link #labels} and of the outputs. */
    public List<String> classes() {
        return classes;
    }

    /** Whether the file has the target column: always for training, and when given for prediction. */
    public boolean hasTarget() {
        return labels != null;
    }

    /** Each row's class, an index into {@link #classes}. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(file + " has no target column " + target);
        }
        return labels.clone();
    }

    /** The feature columns' names, in the file's order for training and the encoding's for prediction. */
    public List<String> featureColumns() {
        return names;
    }

    /**
     * The encoding of this data, with each numeric column's mean and standard deviation taken from
     * {@code trainingRows} only (a constant column gets std 0: centred, not divided). Without
     * {@code standardise} numeric values pass unchanged (mean 0, std 1).
     */
    public Encoding fit(int[] trainingRows, boolean standardise) {
        if (trainingRows.length == 0) {
            throw new IllegalArgumentException("no training rows to fit an encoding on");
        }
        List<Encoding.Column> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (!categories.get(c).isEmpty()) {
                columns.add(new Encoding.Categorical(names.get(c), categories.get(c)));
            } else if (standardise) {
                columns.add(standardised(names.get(c), raw[c], trainingRows));
            } else {
                columns.add(new Encoding.Numeric(names.get(c), 0, 1));
            }
        }
        return new Encoding(target, classes, columns);
    }

    /** The values of feature column {@code c}: numbers, or indices into its categories. */
    double[] raw(int c) {
        return raw[c];
    }

    /** Fails unless {@code encoding} describes this data's columns, categories and classes. */
    void checkMatches(Encoding encoding) {
        List<Encoding.Column> columns = encoding.columns();
        boolean same = columns.size() == names.size() && encoding.classes().equals(classes);
        for (int c = 0; same && c < columns.size(); c++) {
            List<String> expected = columns.get(c) instanceof Encoding.Categorical
                    ? ((Encoding.Categorical) columns.get(c)).categories() : List.of();
            same = columns.get(c).name().equals(names.get(c)) && expected.equals(categories.get(c));
        }
        if (!same) {
            throw new IllegalArgumentException("the encoding does not describe the columns of " + file);
        }
    }

    private static Encoding.Numeric standardised(String name, double[] values, int[] rows) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int r : rows) {
            min = Math.min(min, values[r]);
            max = Math.max(max, values[r]);
            sum += values[r];
        }
        if (min == max) {
            return new Encoding.Numeric(name, min, 0); // a rounded mean would leave noise to divide by a tiny std
        }
        double mean = sum / rows.length;
        double squares = 0;
        for (int r : rows) {
            squares += (values[r] - mean) * (values[r] - mean);
        }
        return new Encoding.Numeric(name, mean, Math.sqrt(squares / rows.length));
    }

    /** Reports every empty cell of a column; whether there was one. */
    private static boolean reportEmpty(CsvTable table, int column, Diagnostics diags) {
        boolean any = false;
        for (int r = 0; r < table.rows(); r++) {
            if (table.cell(r, column).isEmpty()) {
                diags.error(table.cellSpan(r, column), "empty cell in column " + Cells.quote(table.header().get(column)));
                any = true;
            }
        }
        return any;
    }

    /**
     * The categories of a feature column, or the empty list for a numeric one (after reporting
     * the text cells of a column that is mostly numbers).
     */
    private static List<String> kindOf(CsvTable table, int column, Diagnostics diags) {
        List<Integer> text = new ArrayList<>();
        for (int r = 0; r < table.rows(); r++) {
            if (!Cells.isNumber(table.cell(r, column))) {
                text.add(r);
            }
        }
        int numbers = table.rows() - text.size();
        if (text.isEmpty() || numbers > text.size()) {
            String name = Cells.quote(table.header().get(column));
            for (int r : text) {
                diags.error(table.cellSpan(r, column), Cells.quote(table.cell(r, column)) + " is not a number, but column "
                        + name + " holds numbers (" + numbers + " of its " + table.rows() + " cells)");
            }
            return List.of();
        }
        Set<String> distinct = new TreeSet<>(Cells.ORDER);
        for (int r = 0; r < table.rows(); r++) {
            distinct.add(table.cell(r, column));
        }
        return new ArrayList<>(distinct);
    }

    /** The values of a numeric column; cells out of the range of a double are reported. */
    private static double[] numbers(CsvTable table, int column, Diagnostics diags) {
        double[] values = new double[table.rows()];
        for (int r = 0; r < values.length; r++) {
            String cell = table.cell(r, column);
            if (Cells.isNumber(cell)) {
                values[r] = Cells.number(cell);
                if (Double.isInfinite(values[r])) {
                    diags.error(table.cellSpan(r, column), Cells.quote(cell) + " is out of the range of a double");
                }
            }
        }
        return values;
    }

    /** The values of a column the encoding says is numeric: every cell must be a number. */
    private static double[] numbersAsTrained(CsvTable table, int column, Diagnostics diags) {
        String name = Cells.quote(table.header().get(column));
        for (int r = 0; r < table.rows(); r++) {
            String cell = table.cell(r, column);
            if (!Cells.isNumber(cell)) {
                diags.error(table.cellSpan(r, column), Cells.quote(cell) + " is not a number, but column " + name
                        + " was numeric in training");
            }
        }
        return numbers(table, column, diags);
    }

    private static double[] indices(CsvTable table, int column, List<String> categories) {
        Map<String, Integer> index = indexOf(categories);
        double[] values = new double[table.rows()];
        for (int r = 0; r < values.length; r++) {
            values[r] = index.get(table.cell(r, column));
        }
        return values;
    }

    /**
     * Each cell's index among {@code known} names (integers canonically when the names are
     * integers, as a target of integers' classes are); cells that are none of them are reported.
     */
    private static double[] known(CsvTable table, int column, List<String> known, String what, Diagnostics diags) {
        Map<String, Integer> index = indexOf(known);
        boolean integers = Cells.areIntegerNames(known);
        double[] values = new double[table.rows()];
        boolean bad = false;
        for (int r = 0; r < values.length; r++) {
            String cell = table.cell(r, column);
            String name = integers && Cells.isNumber(cell) && Cells.isExactInteger(Cells.number(cell))
                    ? Cells.integerName(Cells.number(cell)) : cell;
            Integer i = index.get(name);
            if (i == null) {
                diags.error(table.cellSpan(r, column), Cells.quote(cell) + " is not " + what + " seen in training ("
                        + Cells.quoteAll(known) + ")");
                bad = true;
            } else {
                values[r] = i;
            }
        }
        return bad ? null : values;
    }

    /** The classes of a target column and each row's class. */
    private record Target(List<String> names, int[] labels) {
    }

    private static Target targetOf(CsvTable table, int column, Diagnostics diags) {
        String name = Cells.quote(table.header().get(column));
        boolean numbers = true;
        for (int r = 0; r < table.rows() && numbers; r++) {
            numbers = Cells.isNumber(table.cell(r, column));
        }
        String[] labels = new String[table.rows()];
        for (int r = 0; r < labels.length; r++) {
            String cell = table.cell(r, column);
            labels[r] = cell;
            if (numbers) {
                double value = Cells.number(cell);
                if (!Cells.isExactInteger(value)) {
                    diags.error(table.cellSpan(r, column), Cells.quote(cell) + " is not a class label: the target column "
                            + name + " holds numbers that are not integers, and nabla trains classifiers");
                    return null;
                }
                labels[r] = Cells.integerName(value);
            }
        }
        Set<String> distinct = new TreeSet<>(Cells.ORDER);
        distinct.addAll(List.of(labels));
        List<String> classes = new ArrayList<>(distinct);
        if (classes.size() < 2) {
            diags.error(table.headerSpan(column), "the target column " + name + " has one class only ("
                    + Cells.quote(classes.get(0)) + "): a classifier needs at least two");
            return null;
        }
        Map<String, Integer> index = indexOf(classes);
        int[] ids = new int[labels.length];
        for (int r = 0; r < labels.length; r++) {
            ids[r] = index.get(labels[r]);
        }
        return new Target(classes, ids);
    }

    private static Map<String, Integer> indexOf(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }

    private static int[] lines(CsvTable table) {
        int[] lines = new int[table.rows()];
        for (int r = 0; r < lines.length; r++) {
            lines[r] = table.line(r);
        }
        return lines;
    }

    private static int[] toInts(double[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) values[i];
        }
        return ints;
    }
}
