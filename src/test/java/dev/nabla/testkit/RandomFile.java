package dev.nabla.testkit;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Printer;
import dev.nabla.ir.Tensor;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A random valid {@code .nabla} file: dims (some with defaults), leaves of every kind with
 * shapes and every kind of domain, fixed constants, indexed definitions written by
 * {@link ExprGen} with nested sums, deltas, literal positions and nested {@code diff}, then
 * checked statements whose verdict is known whatever the expressions are. The label of each
 * says what it must get:
 * <ul>
 *   <li>{@code same-N}: {@code S == S + 0}, {@code S == --S} or {@code diff(S, X) == diff(S + 0, X)},
 *       a claim that is never refuted;</li>
 *   <li>{@code false-N}: {@code S == S + c} with c a small nonzero constant, never proved or tested;</li>
 *   <li>{@code false2-N}: {@code S == (S)^2 + 1.0}, false by at least half of |S| + 1 at every finite point,
 *       so refuted by any tolerance below 1/2; {@link #WRONG} ends every such side and nothing else;</li>
 *   <li>{@code dsame-N} and {@code dfalse-N}: derive chains of such steps, the second failing at its step 2;</li>
 *   <li>{@code exsame-N} and {@code exfalse-N}: examples binding every leaf, with true and false expects.</li>
 * </ul>
 * Expressions are respelled at random ({@code f'(u)} for {@code f(u)}, {@code Σ}, {@code ∂F/∂X},
 * spacing) before they are put on both sides of a statement, so both sides read the same.
 * Declarations and definitions come before the line {@link #CHECKS}, statements after it.
 */
public final class RandomFile {
    /** The comment line between the definitions and the checked statements. */
    public static final String CHECKS = "# checks";
    /** How every false side of a derive step or expect ends ({@code (S)^2 + 1.0}); the printer never writes 1.0. */
    public static final String WRONG = ")^2 + 1.0";
    /** The name of the scalar objective every file defines. */
    public static final String OBJECTIVE = "E";

    private static final List<String> DIM_NAMES = List.of("d", "q", "r");
    private static final List<String> LEAF_NAMES = List.of("x", "w", "v", "c", "b", "y", "z", "u", "a", "t", "β", "θ2");
    private static final List<String> DEFINITION_NAMES = List.of("A", "B", "C", "G", "H");
    private static final List<String> FALSE_OFFSETS = List.of("1/7", "3", "-2", "0.5", "1/3");
    private static final List<String> NUMBERS = List.of("-3", "-2", "-1", "-0.5", "0", "0.1", ".25", "0.5", "1",
            "1.5", "2", "3");
    private static final List<String> WIDTHS = List.of("0.5", "1", "2", "3", "4");
    private static final List<String> FIXED = List.of("0.5", "-1", "2", "0.9", "1e-3", "-0.25", "1.5");
    /** Fixed values outside the default range [-2, 2], drawn rarely. */
    private static final List<String> FIXED_FAR = List.of("10", "-3", "100");
    private static final List<String> FUNCTIONS = List.of("exp", "log", "sqrt", "abs", "sign", "step", "sigmoid",
            "tanh", "relu", "softplus", "sin", "cos");

    private final Choices ch;
    private final StringBuilder out = new StringBuilder();
    private final List<Dim> dims = new ArrayList<>();
    private final Map<Dim, Integer> defaults = new LinkedHashMap<>();
    private final List<Leaf> leaves = new ArrayList<>();
    private final List<Tensor> defined = new ArrayList<>();
    private final int maxPosition;
    private ExprGen gen;
    private int labels;

    /** A leaf, its domain (or null) and its fixed value (or null). */
    private record Leaf(Tensor tensor, Domain domain, String fixed) {
    }

    private RandomFile(Choices ch) {
        this.ch = ch;
        this.maxPosition = ch.chance(0.3) ? 2 : 1;
    }

    public static String generate(long seed) {
        return new RandomFile(new Choices(seed)).file();
    }

    private String file() {
        declareDims();
        declareLeaves();
        List<Tensor> all = new ArrayList<>();
        leaves.forEach(l -> all.add(l.tensor()));
        gen = new ExprGen(dims, all, ch).withDiffs(0.08).withPositions(maxPosition)
                .withEveryIndexInASlot();
        define();
        out.append(CHECKS).append('\n');
        int statements = 2 + ch.next(5);
        for (int k = 0; k < statements; k++) {
            switch (ch.next(6)) {
                case 0: case 1: sameClaim(); break;
                case 2: falseClaim(); break;
                case 3: derive(); break;
                default: example(); break;
            }
        }
        train();
        return out.toString();
    }

    // ---- declarations -----------------------------------------------------------------

    private void declareDims() {
        int n = 1 + ch.next(DIM_NAMES.size());
        List<String> items = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Dim d = new Dim(DIM_NAMES.get(k));
            dims.add(d);
            String item = d.name();
            if (ch.chance(0.3)) {
                int size = 1 + ch.next(4);
                defaults.put(d, size);
                item += " = " + size;
            }
            items.add(item);
        }
        if (ch.chance(0.5)) {
            out.append("dim ").append(String.join(", ", items)).append('\n');
        } else {
            items.forEach(i -> out.append("dim ").append(i).append('\n'));
        }
    }

    private void declareLeaves() {
        List<String> names = new ArrayList<>(LEAF_NAMES);
        Set<Dim> unused = new LinkedHashSet<>(dims);
        int declarations = 1 + ch.next(4);
        for (int k = 0; k < declarations || !unused.isEmpty(); k++) {
            Tensor.Kind kind = ch.pick(List.of(Tensor.Kind.INPUT, Tensor.Kind.TARGET, Tensor.Kind.PARAM,
                    Tensor.Kind.PARAM, Tensor.Kind.CONST));
            String keyword = kind.name().toLowerCase(java.util.Locale.ROOT);
            if (kind == Tensor.Kind.CONST && names.size() > 4 && ch.chance(0.4)) {
                String name = names.remove(ch.next(names.size()));
                String value = ch.chance(0.03) ? ch.pick(FIXED_FAR) : ch.pick(FIXED);
                leaves.add(new Leaf(new Tensor(name, List.of(), kind), null, value));
                out.append("const ").append(name).append(" = ").append(value).append('\n');
                continue;
            }
            Domain domain = ch.chance(0.3) ? null : Domain.random(ch);
            List<String> items = new ArrayList<>();
            int count = 1 + (names.size() > 3 && ch.chance(0.3) ? 1 : 0);
            for (int m = 0; m < count; m++) {
                List<Dim> shape = new ArrayList<>();
                int rank = ch.chance(0.03) ? 3 : ch.next(3);
                for (int s = 0; s < rank; s++) {
                    Dim d = !unused.isEmpty() && ch.chance(0.6) ? unused.iterator().next() : ch.pick(dims);
                    unused.remove(d);
                    shape.add(d);
                }
                if (!unused.isEmpty() && shape.isEmpty()) {
                    Dim d = unused.iterator().next();
                    unused.remove(d);
                    shape.add(d);
                }
                String name = names.remove(ch.next(names.size()));
                Tensor t = new Tensor(name, shape, kind);
                leaves.add(new Leaf(t, domain, null));
                items.add(name + (shape.isEmpty() ? "" : "[" + join(shape) + "]"));
            }
            out.append(keyword).append(' ').append(String.join(", ", items))
                    .append(domain == null ? "" : " " + domain.text()).append(ending());
        }
    }

    // ---- definitions ------------------------------------------------------------------

    private void define() {
        int n = ch.next(DEFINITION_NAMES.size());
        for (int k = 0; k < n; k++) {
            List<Index> indices = new ArrayList<>();
            int rank = ch.next(3);
            for (int s = 0; s < rank; s++) {
                indices.add(ExprGen.fresh(indices, ch.pick(dims)));
            }
            Expr body = gen.mentioning(gen.expr(2 + ch.next(2), indices), indices);
            List<Dim> shape = new ArrayList<>();
            indices.forEach(i -> shape.add(i.dim()));
            Tensor t = new Tensor(DEFINITION_NAMES.get(k), shape, Tensor.Kind.DEFINED);
            out.append(respell(Printer.print(new Definition(t, indices, body)))).append(ending());
            defined.add(t);
            gen.use(t);
        }
        Tensor objective = new Tensor(OBJECTIVE, List.of(), Tensor.Kind.DEFINED);
        out.append(respell(Printer.print(new Definition(objective, List.of(), gen.expr(3, List.of()))))).append('\n');
        defined.add(objective);
        gen.use(objective);
    }

    // ---- checked statements -----------------------------------------------------------

    /** A random expression whose every free index fills a slot, and those indices. */
    private String subject(List<Index> env) {
        Expr e = gen.expr(1 + ch.next(3), env);
        for (Index i : e.freeIndices()) {
            if (!ExprGen.slotted(e).contains(i)) {
                e = Ir.mul(e, gen.accessUsing(i, env));
            }
        }
        return respell(Printer.print(e));
    }

    private List<Index> environment() {
        List<Index> env = new ArrayList<>();
        int n = ch.next(3);
        for (int k = 0; k < n; k++) {
            env.add(ExprGen.fresh(env, ch.pick(dims)));
        }
        return env;
    }

    private String label(String kind) {
        return "\"" + kind + "-" + (++labels) + "\"";
    }

    private void sameClaim() {
        List<Index> env = environment();
        String s = subject(env);
        switch (ch.next(3)) {
            case 0:
                claim(label("same"), s, s + " + 0");
                break;
            case 1:
                claim(label("same"), s, ch.chance(0.5) ? "--" + s : "--(" + s + ")");
                break;
            default: {
                String x = variable(env);
                claim(label("same"), "diff(" + s + ", " + x + ")", "diff(" + s + " + 0, " + x + ")");
            }
        }
    }

    private void falseClaim() {
        String s = subject(environment());
        if (ch.chance(0.5)) {
            claim(label("false"), s, s + " + " + ch.pick(FALSE_OFFSETS));
        } else {
            claim(label("false2"), s, wrong(s));
        }
    }

    /** {@code (S)^2 + 1.0}, which differs from S by at least half its size wherever S is finite. */
    private static String wrong(String s) {
        return "(" + s + WRONG;
    }

    private void claim(String label, String lhs, String rhs) {
        out.append("claim ").append(label).append(": ").append(lhs).append(" == ").append(rhs).append(ending());
    }

    /** A leaf or definition accessed at indices of env, fresh indices or positions. */
    private String variable(List<Index> env) {
        List<Tensor> all = new ArrayList<>();
        leaves.forEach(l -> all.add(l.tensor()));
        all.addAll(defined);
        Tensor t = ch.pick(all);
        List<Index> taken = new ArrayList<>(env);
        List<String> subs = new ArrayList<>();
        for (Dim slot : t.shape()) {
            List<Index> fitting = new ArrayList<>();
            env.stream().filter(i -> i.dim().equals(slot)).forEach(fitting::add);
            int how = ch.next(3);
            if (how == 0 && !fitting.isEmpty()) {
                subs.add(ch.pick(fitting).name());
            } else if (how == 1) {
                subs.add(String.valueOf(1 + ch.next(maxPosition)));
            } else {
                Index k = ExprGen.fresh(taken, slot);
                taken.add(k);
                subs.add(k.name());
            }
        }
        return t.name() + (subs.isEmpty() ? "" : "[" + String.join(", ", subs) + "]");
    }

    private void derive() {
        String s = subject(environment());
        if (ch.chance(0.5)) {
            steps(label("dsame"), List.of(s, s + " + 0", "--(" + s + ")"));
        } else {
            steps(label("dfalse"), List.of(s, "--(" + s + ")", wrong(s)));
        }
    }

    private void steps(String label, List<String> steps) {
        out.append("derive ").append(label).append(" {\n    ").append(String.join("\n  = ", steps)).append("\n}\n");
    }

    private void example() {
        boolean holds = ch.chance(0.5);
        out.append("example ").append(label(holds ? "exsame" : "exfalse")).append(" {\n");
        Map<Dim, Integer> sizes = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        for (Dim d : dims) {
            Integer fallback = defaults.get(d);
            if (fallback != null && fallback >= maxPosition && ch.chance(0.5)) {
                sizes.put(d, fallback);
            } else if (fallback == null && ch.chance(0.3)) {
                // the arrays bound to leaves over d give its size
                sizes.put(d, maxPosition + ch.next(2));
            } else {
                int size = maxPosition + ch.next(2);
                sizes.put(d, size);
                given.add(d.name() + " = " + size);
            }
        }
        if (!given.isEmpty()) {
            out.append("  dim ").append(String.join(", ", given)).append('\n');
        }
        for (Leaf l : leaves) {
            if (l.fixed() == null) {
                out.append("  ").append(l.tensor().name()).append(" = ")
                        .append(values(l, l.tensor().shape(), sizes)).append('\n');
            }
        }
        int expects = 1 + ch.next(2);
        for (int k = 0; k < expects; k++) {
            String s = subject(environment());
            String rhs = holds ? (ch.chance(0.5) ? s + " + 0" : "--(" + s + ")") : wrong(s);
            out.append("  expect ").append(s).append(" == ").append(rhs)
                    .append(ch.chance(0.3) ? " within 1e-6" : "").append('\n');
        }
        out.append("}\n");
    }

    private String values(Leaf leaf, List<Dim> shape, Map<Dim, Integer> sizes) {
        if (shape.isEmpty()) {
            return leaf.domain() == null ? ch.pick(List.of("0.5", "-1", "1/4", "-(0.75)", "sigmoid(0.5)", "2"))
                    : leaf.domain().inside(ch);
        }
        StringJoiner row = new StringJoiner(", ", "[", "]");
        for (int k = 0; k < sizes.get(shape.get(0)); k++) {
            row.add(values(leaf, shape.subList(1, shape.size()), sizes));
        }
        return row.toString();
    }

    private void train() {
        List<String> params = new ArrayList<>();
        leaves.stream().filter(l -> l.tensor().kind() == Tensor.Kind.PARAM).forEach(l -> params.add(l.tensor().name()));
        if (!params.isEmpty() && ch.chance(0.7)) {
            out.append("train minimize ").append(OBJECTIVE).append(" over ").append(String.join(", ", params))
                    .append('\n');
        }
    }

    // ---- spelling ---------------------------------------------------------------------

    /** The end of a one-line statement: a newline, sometimes after a semicolon or a comment. */
    private String ending() {
        switch (ch.next(12)) {
            case 0: return ";\n";
            case 1: return "  # a comment\n";
            case 2: return " // another (with = and ==)\n";
            default: return "\n";
        }
    }

    /**
     * The same expression spelled another way: a built-in's derivative {@code f'(u)} for some
     * calls {@code f(u)} (still defined wherever f is: the generator keeps log and sqrt
     * arguments positive), {@code Σ} or {@code ∑} for {@code sum}, {@code ∂(F)/∂X} for
     * {@code diff(F, X)}, and tighter or looser spacing.
     */
    private String respell(String text) {
        StringBuilder b = new StringBuilder();
        int k = 0;
        while (k < text.length()) {
            char c = text.charAt(k);
            boolean wordStart = k == 0 || !Character.isLetterOrDigit(text.charAt(k - 1)) && text.charAt(k - 1) != '_';
            String word = wordStart ? wordAt(text, k) : "";
            if (!word.isEmpty() && k + word.length() < text.length() && text.charAt(k + word.length()) == '(') {
                if (FUNCTIONS.contains(word) && ch.chance(0.15)) {
                    b.append(word).append('\'');
                    k += word.length();
                    continue;
                }
                if (word.equals("sum") && ch.chance(0.2)) {
                    b.append(ch.chance(0.5) ? "Σ" : "∑");
                    k += word.length();
                    continue;
                }
                if (word.equals("diff") && ch.chance(0.3)) {
                    int close = matching(text, k + word.length());
                    int comma = lastTopLevelComma(text, k + word.length() + 1, close);
                    if (close > 0 && comma > 0) {
                        String function = respell(text.substring(k + word.length() + 1, comma));
                        String variable = text.substring(comma + 1, close).trim();
                        b.append("∂(").append(function).append(")/∂").append(variable);
                        k = close + 1;
                        continue;
                    }
                }
            }
            if (c == ' ' && k > 0 && k + 1 < text.length() && !(wordy(text.charAt(k - 1)) && wordy(text.charAt(k + 1)))
                    && ch.chance(0.1)) {
                k++;
                continue;
            }
            b.append(c);
            if ((c == ',' || c == '(') && ch.chance(0.05)) {
                b.append(' ');
            }
            k++;
        }
        return b.toString();
    }

    private static boolean wordy(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private static String wordAt(String text, int k) {
        int end = k;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        return end > k && Character.isLetter(text.charAt(k)) ? text.substring(k, end) : "";
    }

    /** The index of the parenthesis closing the one at open, or -1. */
    private static int matching(String text, int open) {
        int depth = 0;
        for (int k = open; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        return -1;
    }

    private static int lastTopLevelComma(String text, int from, int to) {
        int depth = 0;
        int last = -1;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = k;
            }
        }
        return last;
    }

    // ---- helpers ----------------------------------------------------------------------

    private static String join(List<Dim> shape) {
        StringJoiner j = new StringJoiner(", ");
        shape.forEach(d -> j.add(d.name()));
        return j.toString();
    }

    /** A declared domain and how to pick a value inside it for an example. */
    private record Domain(String text, List<BigDecimal> inside) {
        static Domain random(Choices ch) {
            BigDecimal a = new BigDecimal(ch.pick(NUMBERS));
            switch (ch.next(3)) {
                case 0: {
                    BigDecimal hi = a.add(new BigDecimal(ch.pick(WIDTHS)));
                    String open = ch.chance(0.5) ? "(" : "[";
                    String close = ch.chance(0.5) ? ")" : "]";
                    BigDecimal mid = a.add(hi).divide(BigDecimal.valueOf(2));
                    List<BigDecimal> inside = new ArrayList<>(List.of(mid));
                    if (open.equals("[")) {
                        inside.add(a);
                    }
                    if (close.equals("]")) {
                        inside.add(hi);
                    }
                    return new Domain("in " + open + spell(a, ch) + ", " + spell(hi, ch) + close, inside);
                }
                case 1: {
                    List<BigDecimal> values = new ArrayList<>();
                    int n = 1 + ch.next(4);
                    for (int k = 0; k < n; k++) {
                        BigDecimal v = new BigDecimal(ch.pick(NUMBERS));
                        if (values.stream().noneMatch(u -> u.compareTo(v) == 0)) {
                            values.add(v);
                        }
                    }
                    StringJoiner set = new StringJoiner(", ", "in {", "}");
                    values.forEach(v -> set.add(spell(v, ch)));
                    return new Domain(set.toString(), values);
                }
                default: {
                    String op = ch.pick(List.of(">", ">=", "<", "<="));
                    BigDecimal step = op.startsWith(">") ? BigDecimal.ONE : BigDecimal.ONE.negate();
                    List<BigDecimal> inside = new ArrayList<>(List.of(a.add(step), a.add(step.divide(BigDecimal.valueOf(4)))));
                    if (op.endsWith("=")) {
                        inside.add(a);
                    }
                    return new Domain(op + " " + spell(a, ch), inside);
                }
            }
        }

        String inside(Choices ch) {
            return spell(ch.pick(inside), ch);
        }

        /** A number as a literal, in one of the spellings the grammar accepts. */
        static String spell(BigDecimal v, Choices ch) {
            String plain = v.stripTrailingZeros().toPlainString();
            switch (ch.next(6)) {
                case 0: return v.signum() == 0 ? "0.0" : v.stripTrailingZeros().toString().replace("E+", "e");
                case 1: return plain.startsWith("0.") ? plain.substring(1) : plain.startsWith("-0.") ? "-" + plain.substring(2) : plain;
                default: return plain;
            }
        }
    }
}
