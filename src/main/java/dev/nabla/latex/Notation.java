package dev.nabla.latex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a {@code .nabla} file's names, indices, functions and operators are written in LaTeX, in
 * the watermelon book's notation: the one table that the renderer of claims as written
 * ({@link AstLatex}) and the renderer of derived programs ({@link IrLatex}) share.
 *
 * <ul>
 *   <li>a Greek name is its letter ({@code gamma} is γ), a name ending in {@code hat} wears one
 *       ({@code yhat} is ŷ), other names of several letters are set in italics as one word;</li>
 *   <li>trailing digits and what follows an underscore are subscripts ({@code w5} is w₅,
 *       {@code E_acc} is E with subscript acc), and so are the indices ({@code w[h, j]} is
 *       w_{hj}, or w_{h,j} when some index is written with more than one character);</li>
 *   <li>the per-sample superscript: an index named {@code k} that ranges over the dim {@code m}
 *       (the book's m samples, §5.3: ŷ_j^k is the output j on sample k) is written as a
 *       superscript; a name that already ends in {@code _k} shows it once ({@code E_k[k]} is
 *       E_k, the book's (5.16));</li>
 *   <li>{@code sigmoid} is σ, or f in the {@link Preset#BOOK} preset (the book writes f for the
 *       sigmoid, and ln for log); {@code f'(u)} is f′(u).</li>
 * </ul>
 */
public final class Notation {
    /** {@code --notation standard|book}. */
    public enum Preset { STANDARD, BOOK }

    /** The dim of the samples and the index over it that is written as a superscript. */
    static final String SAMPLE_DIM = "m";
    static final String SAMPLE_INDEX = "k";

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
            "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma",
            "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi",
            "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega");

    private static final Map<String, String> FUNCTIONS = Map.of("exp", "\\exp", "log", "\\log", "tanh", "\\tanh",
            "sin", "\\sin", "cos", "\\cos", "sign", "\\operatorname{sign}", "step", "\\operatorname{step}",
            "relu", "\\operatorname{ReLU}", "softplus", "\\operatorname{softplus}");

    private final Preset preset;

    public Notation(Preset preset) {
        this.preset = preset;
    }

    public static final Notation STANDARD = new Notation(Preset.STANDARD);

    public Preset preset() {
        return preset;
    }

    /** What fills one slot of an access: an index (by name, with the dim it ranges over, if known) or a position. */
    public record Slot(String text, String dim) {
        boolean isSample() {
            return SAMPLE_INDEX.equals(text) && SAMPLE_DIM.equals(dim);
        }
    }

    /** A tensor, dim or scalar by name, without slots. */
    public String name(String name) {
        return access(name, List.of());
    }

    /** {@code name[slots]}: the name's own subscripts, then the indices; the sample index as a superscript. */
    public String access(String name, List<Slot> slots) {
        int underscore = name.indexOf('_');
        String head = underscore < 0 ? name : name.substring(0, underscore);
        List<String> ownSubscripts = new ArrayList<>();
        String letters = head.replaceAll("[0-9]+$", "");
        if (letters.isEmpty()) {
            letters = head;
        } else if (letters.length() < head.length()) {
            ownSubscripts.add(head.substring(letters.length()));
        }
        if (underscore >= 0) {
            for (String part : name.substring(underscore + 1).split("_")) {
                if (!part.isEmpty()) {
                    ownSubscripts.add(part);
                }
            }
        }
        List<String> subscripts = new ArrayList<>();
        List<String> superscripts = new ArrayList<>();
        for (String s : ownSubscripts) {
            subscripts.add(GREEK.contains(s) || s.length() == 1 || s.chars().allMatch(Character::isDigit) ? word(s)
                    : "\\mathrm{" + escapeText(s) + "}");
        }
        for (Slot slot : slots) {
            if (ownSubscripts.size() == 1 && ownSubscripts.get(0).equals(slot.text()) && slots.size() == 1) {
                continue; // E_k[k]: the name says it already
            }
            (slot.isSample() ? superscripts : subscripts).add(index(slot.text()));
        }
        // p1[i] is p_{1,i}: digits of the name run into the index otherwise
        boolean wide = ownSubscripts.stream().anyMatch(s -> s.length() > 1)
                || slots.stream().anyMatch(s -> s.text().length() > 1)
                || !ownSubscripts.isEmpty() && subscripts.size() > ownSubscripts.size();
        return letter(letters) + script("_", subscripts, wide) + script("^", superscripts, wide);
    }

    /** An index variable (or a position) as written inside a subscript: {@code j2} is j₂. */
    public String index(String name) {
        String letters = name.replaceAll("[0-9]+$", "");
        if (letters.isEmpty() || letters.length() == name.length()) {
            return word(name);
        }
        return word(letters) + script("_", List.of(name.substring(letters.length())), false);
    }

    /** The subscripts of a delta, {@code \delta_{ij}}. */
    public String delta(String left, String right) {
        return "\\delta" + script("_", List.of(index(left), index(right)), left.length() > 1 || right.length() > 1);
    }

    /** {@code \sum_{j=1}^{l} body}; {@code dim} is null when the range is unknown. */
    public String sum(String index, String dim, String body) {
        String range = dim == null ? "_{" + index(index) + "}" : "_{" + index(index) + "=1}^{" + name(dim) + "}";
        return "\\sum" + range + " " + body;
    }

    /**
     * A built-in function applied: {@code \sigma(u)} (or {@code f(u)}), {@code \sigma'(u)},
     * {@code \exp(u)}, {@code \sqrt{u}}, {@code |u|}. Unknown names are set upright.
     */
    public String call(String function, boolean prime, String argument) {
        if (!prime && function.equals("sqrt")) {
            return "\\sqrt{" + argument + "}";
        }
        if (!prime && function.equals("abs")) {
            return "\\left|" + argument + "\\right|";
        }
        return functionName(function) + (prime ? "'" : "") + parens(argument);
    }

    private String functionName(String function) {
        if (function.equals("sigmoid")) {
            return preset == Preset.BOOK ? "f" : "\\sigma";
        }
        if (function.equals("log") && preset == Preset.BOOK) {
            return "\\ln";
        }
        String known = FUNCTIONS.get(function);
        return known != null ? known : "\\operatorname{" + escapeText(function) + "}";
    }

    /** {@code \frac{\partial F}{\partial X}}, or of order n with n variables: {@code \frac{\partial^2 F}{\partial X \partial Y}}. */
    public String partial(String function, List<String> variables) {
        StringBuilder den = new StringBuilder();
        for (String v : variables) {
            den.append(den.length() == 0 ? "" : " ").append("\\partial ").append(v);
        }
        String order = variables.size() == 1 ? "" : "^{" + variables.size() + "}";
        return "\\frac{\\partial" + order + (function.isEmpty() ? "" : " " + function) + "}{" + den + "}";
    }

    public String fraction(String numerator, String denominator) {
        return "\\frac{" + numerator + "}{" + denominator + "}";
    }

    public String parens(String inner) {
        return "\\left(" + inner + "\\right)";
    }

    /** A decimal as the file wrote it: {@code 0.5}, {@code 10^{-12}}, {@code 2.5 \times 10^{3}}. */
    public String decimal(String plain) {
        int e = plain.toUpperCase(Locale.ROOT).indexOf('E');
        if (e < 0) {
            return plain;
        }
        String mantissa = plain.substring(0, e);
        String exponent = plain.substring(e + 1).replace("+", "");
        String power = "10^{" + exponent + "}";
        return mantissa.equals("1") ? power : mantissa + " \\times " + power;
    }

    /** Text for {@code \text{...}}: LaTeX's special characters escaped. */
    public static String escapeText(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\': out.append("\\textbackslash{}"); break;
                case '{': case '}': case '_': case '#': case '$': case '%': case '&':
                    out.append('\\').append(c);
                    break;
                case '^': out.append("\\^{}"); break;
                case '~': out.append("\\~{}"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** A name without digits or underscores: a Greek letter, a hatted name, a letter, or a word in italics. */
    private String letter(String letters) {
        if (letters.length() > 3 && letters.endsWith("hat")) {
            return "\\hat{" + letter(letters.substring(0, letters.length() - 3)) + "}";
        }
        return word(letters);
    }

    private static String word(String w) {
        if (GREEK.contains(w)) {
            return "\\" + w;
        }
        if (w.length() == 1 || w.chars().allMatch(Character::isDigit)) {
            return w;
        }
        return "\\mathit{" + escapeText(w) + "}";
    }

    private static String script(String mark, List<String> items, boolean wide) {
        if (items.isEmpty()) {
            return "";
        }
        String joined = String.join(wide ? "," : "", items);
        return mark + (joined.length() == 1 ? joined : "{" + joined + "}");
    }
}
