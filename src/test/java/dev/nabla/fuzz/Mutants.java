package dev.nabla.fuzz;

import dev.nabla.syntax.Ast;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Near misses of real files: byte-level, token-level and line-level edits for the fuzzer, and
 * the semantic mutants of a formula for mutation testing of the verifier ({@link #of(Ast.Expr)}).
 */
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

    /** A semantic mutant of a formula: which operator made it, and the mutated formula. */
    record Mutant(String operator, Ast.Expr expr) {
    }

    /** One part in 10^6: a constant's change that no rounding can hide. */
    private static final BigDecimal NUDGE = new BigDecimal("1.000001");

    /**
     * Every mutant of a formula with one edit: a sign flipped (the whole side negated, a
     * minus dropped, + and − exchanged), two indices swapped (two index names exchanged
     * throughout, or two subscripts of one access), a factor or divisor dropped (which drops
     * a 1/m), a constant changed by one part in 10^6, and a built-in f replaced by f' (σ by σ').
     * Some are ill-formed (a swap of indices of different ranges): the resolver rejects those.
     */
    static List<Mutant> of(Ast.Expr e) {
        List<Mutant> out = new ArrayList<>();
        out.add(new Mutant("flip the sign of the side", new Ast.Neg(e.span(), e)));
        sites(e, out);
        List<String> names = new ArrayList<>(indexNames(e, new LinkedHashSet<>()));
        for (int a = 0; a < names.size(); a++) {
            for (int b = a + 1; b < names.size(); b++) {
                String x = names.get(a);
                String y = names.get(b);
                out.add(new Mutant("swap indices " + x + " and " + y,
                        renamed(e, n -> n.equals(x) ? y : n.equals(y) ? x : n)));
            }
        }
        return out;
    }

    /** The mutants of one node at a time, each rebuilt into the whole formula. */
    private static void sites(Ast.Expr e, List<Mutant> out) {
        local(e, out);
        if (e instanceof Ast.Neg n) {
            for (Mutant m : sub(n.operand())) {
                out.add(new Mutant(m.operator(), new Ast.Neg(n.span(), m.expr())));
            }
        } else if (e instanceof Ast.Binary b) {
            for (Mutant m : sub(b.left())) {
                out.add(new Mutant(m.operator(), new Ast.Binary(b.span(), b.op(), m.expr(), b.right())));
            }
            for (Mutant m : sub(b.right())) {
                out.add(new Mutant(m.operator(), new Ast.Binary(b.span(), b.op(), b.left(), m.expr())));
            }
        } else if (e instanceof Ast.Call c) {
            for (int k = 0; k < c.args().size(); k++) {
                for (Mutant m : sub(c.args().get(k))) {
                    List<Ast.Expr> args = new ArrayList<>(c.args());
                    args.set(k, m.expr());
                    out.add(new Mutant(m.operator(), new Ast.Call(c.span(), c.function(), c.prime(), args)));
                }
            }
        } else if (e instanceof Ast.Sum s) {
            for (Mutant m : sub(s.body())) {
                out.add(new Mutant(m.operator(), new Ast.Sum(s.span(), s.indices(), s.ranges(), m.expr())));
            }
        } else if (e instanceof Ast.Diff d) {
            for (Mutant m : sub(d.function())) {
                out.add(new Mutant(m.operator(), new Ast.Diff(d.span(), m.expr(), d.variable())));
            }
        }
    }

    private static List<Mutant> sub(Ast.Expr e) {
        List<Mutant> out = new ArrayList<>();
        sites(e, out);
        return out;
    }

    /** The edits of the node itself. */
    private static void local(Ast.Expr e, List<Mutant> out) {
        if (e instanceof Ast.Num n) {
            BigDecimal v = n.value().signum() == 0 ? new BigDecimal("1e-6") : n.value().multiply(NUDGE);
            out.add(new Mutant("change " + n.value() + " by one part in 10^6", new Ast.Num(n.span(), v)));
        } else if (e instanceof Ast.Neg n) {
            out.add(new Mutant("drop a minus", n.operand()));
        } else if (e instanceof Ast.Binary b) {
            switch (b.op()) {
                case ADD:
                case SUB:
                    Ast.BinaryOp other = b.op() == Ast.BinaryOp.ADD ? Ast.BinaryOp.SUB : Ast.BinaryOp.ADD;
                    out.add(new Mutant("flip " + b.op().symbol + " to " + other.symbol,
                            new Ast.Binary(b.span(), other, b.left(), b.right())));
                    break;
                case MUL:
                    out.add(new Mutant("drop a factor", b.left()));
                    out.add(new Mutant("drop a factor", b.right()));
                    break;
                case DIV:
                    out.add(new Mutant("drop a divisor", b.left()));
                    break;
                default:
                    break;
            }
        } else if (e instanceof Ast.Call c && !c.prime()) {
            out.add(new Mutant("replace " + c.function().text() + " by " + c.function().text() + "'",
                    new Ast.Call(c.span(), c.function(), true, c.args())));
        } else if (e instanceof Ast.Ref r) {
            for (int a = 0; a < r.indices().size(); a++) {
                for (int b = a + 1; b < r.indices().size(); b++) {
                    if (!r.indices().get(a).equals(r.indices().get(b))) {
                        List<Ast.Index> swapped = new ArrayList<>(r.indices());
                        swapped.set(a, r.indices().get(b));
                        swapped.set(b, r.indices().get(a));
                        out.add(new Mutant("swap the subscripts of " + r.name().text(),
                                new Ast.Ref(r.span(), r.name(), swapped)));
                    }
                }
            }
        }
    }

    /** The index names of a formula: in subscripts, deltas and sums. */
    private static Set<String> indexNames(Ast.Expr e, Set<String> out) {
        renamed(e, n -> {
            out.add(n);
            return n;
        });
        return out;
    }

    /** The formula with every index name renamed. */
    private static Ast.Expr renamed(Ast.Expr e, Function<String, String> rename) {
        if (e instanceof Ast.Ref r) {
            return renamedRef(r, rename);
        }
        if (e instanceof Ast.Neg n) {
            return new Ast.Neg(n.span(), renamed(n.operand(), rename));
        }
        if (e instanceof Ast.Binary b) {
            return new Ast.Binary(b.span(), b.op(), renamed(b.left(), rename), renamed(b.right(), rename));
        }
        if (e instanceof Ast.Call c) {
            return new Ast.Call(c.span(), c.function(), c.prime(), c.args().stream().map(a -> renamed(a, rename)).toList());
        }
        if (e instanceof Ast.Sum s) {
            List<Ast.Name> indices = s.indices().stream().map(n -> new Ast.Name(n.span(), rename.apply(n.text()))).toList();
            return new Ast.Sum(s.span(), indices, s.ranges(), renamed(s.body(), rename));
        }
        if (e instanceof Ast.Delta d) {
            return new Ast.Delta(d.span(), renamed(d.left(), rename), renamed(d.right(), rename));
        }
        if (e instanceof Ast.Diff d) {
            return new Ast.Diff(d.span(), renamed(d.function(), rename), renamedRef(d.variable(), rename));
        }
        return e;
    }

    private static Ast.Ref renamedRef(Ast.Ref r, Function<String, String> rename) {
        return new Ast.Ref(r.span(), r.name(), r.indices().stream().map(i -> renamed(i, rename)).toList());
    }

    private static Ast.Index renamed(Ast.Index i, Function<String, String> rename) {
        return i instanceof Ast.IndexName n ? new Ast.IndexName(n.span(), rename.apply(n.name())) : i;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }
}
