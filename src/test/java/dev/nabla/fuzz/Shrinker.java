package dev.nabla.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging over lines: drops chunks of lines, halving the chunk size, while the failure
 * persists, until no single line can go, and whole brace blocks (examples, derive chains); then, if allowed, shortens each line by dropping one
 * word or bracketed group at a time. Bounded by a number of attempts, since each attempt runs nabla.
 */
final class Shrinker {
    private final Predicate<byte[]> fails;
    private final boolean withinLines;
    private int budget;

    /**
     * @param withinLines whether lines may be shortened too; not where the oracle relies on how
     *                    the statement was built (both sides of a generated claim read the same)
     */
    Shrinker(Predicate<byte[]> fails, int budget, boolean withinLines) {
        this.fails = fails;
        this.budget = budget;
        this.withinLines = withinLines;
    }

    byte[] shrink(byte[] input) {
        List<byte[]> lines = dropLines(Mutants.split(input));
        List<byte[]> before;
        do {
            before = lines;
            lines = dropLines(dropBlocks(lines));
        } while (lines.size() < before.size() && budget > 0);
        for (int k = 0; withinLines && k < lines.size() && budget > 0; k++) {
            lines.set(k, shortenLine(lines, k));
        }
        return Mutants.join(lines);
    }

    /** Chunks of lines dropped while the failure persists, halving the chunk size down to one line. */
    private List<byte[]> dropLines(List<byte[]> lines) {
        for (int chunk = Math.max(1, lines.size() / 2); budget > 0; chunk = Math.max(1, chunk / 2)) {
            boolean removed = false;
            for (int at = 0; at < lines.size() && budget > 0; ) {
                List<byte[]> without = new ArrayList<>(lines.subList(0, at));
                without.addAll(lines.subList(Math.min(lines.size(), at + chunk), lines.size()));
                if (!without.isEmpty() && attempt(Mutants.join(without))) {
                    lines = without;
                    removed = true;
                } else {
                    at += chunk;
                }
            }
            if (chunk == 1 && !removed) {
                break;
            }
        }
        return lines;
    }

    /** Whole blocks, from a line that opens a brace to the line that closes it, dropped where they can go. */
    private List<byte[]> dropBlocks(List<byte[]> lines) {
        for (int at = 0; at < lines.size() && budget > 0; at++) {
            int open = 0;
            int end = -1;
            for (int k = at; k < lines.size() && end < 0; k++) {
                for (byte c : lines.get(k)) {
                    open += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
                if (open <= 0 && k > at) {
                    end = k;
                }
                if (k == at && open <= 0) {
                    break;
                }
            }
            if (end > at) {
                List<byte[]> without = new ArrayList<>(lines.subList(0, at));
                without.addAll(lines.subList(end + 1, lines.size()));
                if (!without.isEmpty() && attempt(Mutants.join(without))) {
                    lines = without;
                    at--;
                }
            }
        }
        return lines;
    }

    /** Line k with words and bracketed groups dropped from it while the failure persists. */
    private byte[] shortenLine(List<byte[]> lines, int k) {
        byte[] line = lines.get(k);
        for (int from = 0; from < line.length && budget > 0; ) {
            int to = pieceEnd(line, from);
            byte[] candidate = new byte[line.length - (to - from)];
            System.arraycopy(line, 0, candidate, 0, from);
            System.arraycopy(line, to, candidate, from, line.length - to);
            List<byte[]> trial = new ArrayList<>(lines);
            trial.set(k, candidate);
            if (to > from && line[from] != '\n' && attempt(Mutants.join(trial))) {
                line = candidate;
            } else {
                from = Math.max(to, from + 1);
            }
        }
        return line;
    }

    /** The end of the piece starting at from: a bracketed group, a word with its trailing space, or one byte. */
    private static int pieceEnd(byte[] line, int from) {
        byte c = line[from];
        if (c == '(' || c == '[') {
            int depth = 0;
            for (int k = from; k < line.length; k++) {
                if (line[k] == '(' || line[k] == '[') {
                    depth++;
                } else if ((line[k] == ')' || line[k] == ']') && --depth == 0) {
                    return k + 1;
                }
            }
            return from + 1;
        }
        int k = from;
        while (k < line.length && (Character.isLetterOrDigit(line[k]) || line[k] == '_' || line[k] == '.')) {
            k++;
        }
        if (k == from) {
            k++;
        }
        while (k < line.length && line[k] == ' ') {
            k++;
        }
        return k;
    }

    private boolean attempt(byte[] candidate) {
        budget--;
        return fails.test(candidate);
    }
}
