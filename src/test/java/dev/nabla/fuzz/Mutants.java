package dev.nabla.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Near misses of real files: byte-level, token-level and line-level edits. */
final class Mutants {
    /** A crude lexer of the language: names, numbers, strings, comments, white space, operators. */
    private static final Pattern TOKEN = Pattern.compile(
            "[\\p{L}][\\p{L}\\p{Nd}_]*|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|\"[^\"\\n]*\"?"
                    + "|#[^\\n]*|//[^\\n]*|\\s+|==|>=|<=|.", Pattern.DOTALL);
    /** Numbers at the edges: zero, int and double limits, subnormals, beyond the double range. */
    private static final List<String> NUMBERS = List.of("0", "1", "2", "-1", "10", "0.5", "1e-3", "1e308", "1e400",
            "1e-320", "1e-400", "2147483647", "2147483648", "4294967298", "1e17", "1e999", ".5", "0.0", "3");
    private static final List<String> SNIPPETS = List.of("(", ")", "[", "]", "{", "}", ",", ";", "=", "==", "-",
            "--", "+", "*", "/", "^", "'", "\n", " ", "0", "1", "[1]", "[2]", "[0]", "[i]", "[i, j]", "sum(i, ",
            "diff(", "delta(i, j)", "Σ", "∂", "∑", "claim ", "derive {", "example {", "expect ", "within ",
            "dim ", "input ", "param ", "const ", "target ", "in (0, 1)", "in {0, 1}", "> 0", "train minimize ",
            " over ", "\"", "#", "\t", "\r", "\0", "é", "\uFEFF", "sigmoid'(", "relu(", "log(", "sqrt(",
            "abs'(", "step(", "1e400", "2147483648");

    private Mutants() {
    }

    /** One to three random edits of any kind; other is a second file to splice lines from. */
    static byte[] mutate(byte[] base, byte[] other, Random r) {
        byte[] b = base;
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits; k++) {
            switch (r.nextInt(3)) {
                case 0: b = bytes(b, r); break;
                case 1: b = tokens(b, r); break;
                default: b = lines(b, other, r); break;
            }
        }
        return b;
    }

    /** Flip a bit, insert, delete or duplicate a run of bytes, or insert a snippet. */
    static byte[] bytes(byte[] in, Random r) {
        if (in.length == 0) {
            return SNIPPETS.get(r.nextInt(SNIPPETS.size())).getBytes(StandardCharsets.UTF_8);
        }
        int at = r.nextInt(in.length);
        int len = 1 + r.nextInt(Math.min(8, in.length - at));
        switch (r.nextInt(5)) {
            case 0: {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1: return splice(in, at, 0, new byte[] {(byte) r.nextInt(256)});
            case 2: return splice(in, at, len, new byte[0]);
            case 3: return splice(in, at, 0, Arrays.copyOfRange(in, at, at + len));
            default: return splice(in, at, 0, SNIPPETS.get(r.nextInt(SNIPPETS.size())).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Swap, duplicate or delete a token, or replace it by another token of the file or an edge number. */
    static byte[] tokens(byte[] in, Random r) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(new String(in, StandardCharsets.UTF_8));
        while (m.find()) {
            tokens.add(m.group());
        }
        List<Integer> solid = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            if (!tokens.get(k).isBlank()) {
                solid.add(k);
            }
        }
        if (solid.size() < 2) {
            return bytes(in, r);
        }
        int a = solid.get(r.nextInt(solid.size()));
        int b = solid.get(r.nextInt(solid.size()));
        switch (r.nextInt(5)) {
            case 0: {
                String t = tokens.get(a);
                tokens.set(a, tokens.get(b));
                tokens.set(b, t);
                break;
            }
            case 1: tokens.add(a, tokens.get(a) + " "); break;
            case 2: tokens.set(a, ""); break;
            case 3: tokens.set(a, tokens.get(b)); break;
            default: {
                // an edge number where a number was, or else anywhere
                List<Integer> numbers = new ArrayList<>();
                for (int k : solid) {
                    if (Character.isDigit(tokens.get(k).charAt(0))) {
                        numbers.add(k);
                    }
                }
                int at = numbers.isEmpty() ? a : numbers.get(r.nextInt(numbers.size()));
                tokens.set(at, NUMBERS.get(r.nextInt(NUMBERS.size())));
            }
        }
        return String.join("", tokens).getBytes(StandardCharsets.UTF_8);
    }

    /** Delete, duplicate or swap lines, or splice in a line of the other file. */
    static byte[] lines(byte[] in, byte[] other, Random r) {
        List<byte[]> lines = split(in);
        List<byte[]> donor = split(other);
        int a = r.nextInt(lines.size());
        int b = r.nextInt(lines.size());
        switch (r.nextInt(4)) {
            case 0: lines.remove(a); break;
            case 1: lines.add(a, lines.get(b)); break;
            case 2: {
                byte[] t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
                break;
            }
            default: lines.add(a, donor.get(r.nextInt(donor.size()))); break;
        }
        return join(lines);
    }

    /** The lines of a file, each with its newline (the last one perhaps without). */
    static List<byte[]> split(byte[] in) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < in.length; k++) {
            if (in[k] == '\n') {
                out.add(Arrays.copyOfRange(in, start, k + 1));
                start = k + 1;
            }
        }
        if (start < in.length || out.isEmpty()) {
            out.add(Arrays.copyOfRange(in, start, in.length));
        }
        return out;
    }

    static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }
}
