package dev.nabla.train.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** How the text of one CSV cell is read: as a number, in the order of categories, and quoted in a message. */
final class Cells {
    /**
     * A decimal number as people write them in CSV files. Stricter than {@link Double#parseDouble},
     * which also takes {@code NaN}, {@code Infinity}, hexadecimal and a trailing {@code d} or {@code f}:
     * a category named {@code Infinity} must stay a category.
     */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** Integers above this lose digits as doubles, so they cannot be class labels compared by value. */
    private static final double LARGEST_EXACT_INTEGER = 0x1p53;

    /** Longer cells are cut in messages: one bad cell should not fill the screen. */
    private static final int QUOTE_LIMIT = 40;

    /** Lists of names in messages stop after this many (digits has 65 columns). */
    private static final int LIST_LIMIT = 12;

    /**
     * The order of categories and classes: numbers by value before text; text ignoring case,
     * then by code point. It makes the second of two classes the positive one in every usual
     * pair: 0 and 1, 否 and 是, no and yes, false and true, benign and malignant.
     */
    static final Comparator<String> ORDER = Cells::compare;

    private Cells() {
    }

    /** Whether the cell reads as a number (it may still be too large for a double). */
    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    /** The cell's value; only for cells that {@link #isNumber} accepts (infinite when out of range). */
    static double number(String cell) {
        return Double.parseDouble(cell);
    }

    /** Whether a finite number is an integer that a double holds exactly. */
    static boolean isExactInteger(double value) {
        return value == Math.rint(value) && Math.abs(value) <= LARGEST_EXACT_INTEGER;
    }

    /** The canonical name of an integer class label: {@code 1}, whether the file wrote 1, 01, 1.0 or 1e0. */
    static String integerName(double value) {
        return Long.toString((long) value);
    }

    /** Whether every name is a canonical integer, as the classes of a target of integers are. */
    static boolean areIntegerNames(List<String> names) {
        for (String name : names) {
            if (!isNumber(name) || !isExactInteger(number(name)) || !integerName(number(name)).equals(name)) {
                return false;
            }
        }
        return true;
    }

    /** A cell's text in single quotes for a message, cut after {@value #QUOTE_LIMIT} code points. */
    static String quote(String cell) {
        if (cell.codePointCount(0, cell.length()) <= QUOTE_LIMIT) {
            return "'" + cell + "'";
        }
        return "'" + cell.substring(0, cell.offsetByCodePoints(0, QUOTE_LIMIT)) + "...'";
    }

    /** Names in single quotes, separated by commas, for a message listing the possibilities. */
    static String quoteAll(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i == LIST_LIMIT) {
                return out.append(" and ").append(names.size() - LIST_LIMIT).append(" more").toString();
            }
            out.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
        }
        return out.toString();
    }

    private static int compare(String a, String b) {
        boolean numberA = isNumber(a);
        boolean numberB = isNumber(b);
        if (numberA != numberB) {
            return numberA ? -1 : 1;
        }
        int order = numberA
                ? Double.compare(number(a), number(b))
                : String.CASE_INSENSITIVE_ORDER.compare(a, b);
        return order != 0 ? order : compareCodePoints(a, b);
    }

    private static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
