package dev.nabla.fuzz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nabla.cli.Cli;
import dev.nabla.fuzz.Failure.Oracle;
import dev.nabla.testkit.RandomFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one input through {@code nabla check} and {@code nabla grad}, then feeds grad's output
 * back, and reports every promise broken. For any input: no exit 70, no stack trace, no run
 * over the time limit, diagnostics in {@code file:line:col} form, no out of memory, and grad's
 * output reads back as definitions that equal {@code diff(F, X)}. For a {@link RandomFile},
 * also: no diagnostic at all, and each statement gets the verdict its label promises.
 */
final class Oracles {
    /** How nabla is run: few samples and small sizes keep a case fast; the limit applies to each run. */
    record Settings(int samples, int maxSize, long limitMillis) {
    }

    private static final Pattern FRAME = Pattern.compile("(?m)^\\s+at ([\\w$.]+)\\(");
    private static final Pattern JAVA_THROWABLE = Pattern.compile("java\\.[\\w.]+(Exception|Error)\\b");
    private static final Pattern INTERNAL = Pattern.compile("internal error: (.*)");
    private static final Pattern DIAGNOSTIC = Pattern.compile("(?m)^.+?:(\\d+):\\d+: error: (.*)$");
    private static final Pattern LABEL = Pattern.compile("\"((same|false2?|dsame|dfalse|exsame|exfalse)-\\d+)\"");
    private static final Pattern DEFINED = Pattern.compile(
            "(?m)^[ \\t]*([\\p{L}][\\p{L}\\p{Nd}_]*)[ \\t]*(\\[[^\\]\\n]*\\])?[ \\t]*=(?!=)");
    private static final Pattern LEAF_LINE = Pattern.compile("(?m)^[ \\t]*(input|target|param|const)[ \\t]+(.*)$");
    private static final Pattern LEAF_NAME = Pattern.compile("(?:^|,)\\s*([\\p{L}][\\p{L}\\p{Nd}_]*)");
    private static final Pattern ADJOINT = Pattern.compile("^([\\p{L}][\\p{L}\\p{Nd}_]*)(?:\\[([^\\]]*)\\])? = ");
    /** The error verdicts of statements undefined where they are checked: an answer, not a rejection. */
    private static final Pattern UNDEFINED =
            Pattern.compile("no sample where both sides are defined|is undefined at the example's values");

    private final Settings settings;
    private final Path dir;

    Oracles(Settings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
    }

    /** Every failure of one input; seed varies nabla's own sampling and the choice of --wrt. */
    List<Failure> run(byte[] input, boolean generated, long seed) {
        List<Failure> out = new ArrayList<>();
        Path file = Cli.write(dir.resolve("repro.nabla"), input);
        String text = new String(input, StandardCharsets.UTF_8);

        List<String> check = List.of("check", "--json", "--samples", String.valueOf(settings.samples()),
                "--max-size", String.valueOf(settings.maxSize()), "--seed", String.valueOf(seed));
        Cli.Run run = invoke(check, file, Set.of(0, 1, 2), out);
        if (run == null) {
            return out;
        }
        String command = commandLine(check) + " repro.nabla";
        checkDiagnostics(run, command, out);
        JsonArray report = report(run, command, out);
        if (generated && report != null) {
            verdicts(text, run, report, command, out);
        }
        if (!run.err().isEmpty()) {
            return out;
        }
        grad(text, generated, seed, file, out);
        return out;
    }

    // ---- runs -------------------------------------------------------------------------

    /** Runs nabla on file; null (with the failures recorded) when the run says nothing more. */
    private Cli.Run invoke(List<String> args, Path file, Set<Integer> allowed, List<Failure> out) {
        List<String> all = new ArrayList<>(args);
        all.add(args.get(0).equals("grad") ? 1 : all.size(), file.toString());
        String command = commandLine(all).replace(file.toString(), file.getFileName().toString());
        Watchdog.Timed t = Watchdog.run(settings.limitMillis(), all.toArray(String[]::new));
        if (t.timedOut()) {
            out.add(new Failure(Oracle.TIMEOUT, args.get(0), "no answer after " + t.millis() + " ms", command));
            return null;
        }
        Cli.Run run = t.run();
        Matcher internal = INTERNAL.matcher(run.err());
        if (run.code() == 70 || internal.find()) {
            String what = internal.find(0) ? internal.group(1) : "exit " + run.code();
            Matcher frame = FRAME.matcher(run.err());
            String where = frame.find() ? " at " + firstNablaFrame(run.err()) : "";
            out.add(new Failure(Oracle.INTERNAL_ERROR, exceptionClass(what) + where, abbreviate(run.toString()), command));
            return null;
        }
        if (FRAME.matcher(run.out() + run.err()).find() || JAVA_THROWABLE.matcher(run.out() + run.err()).find()) {
            out.add(new Failure(Oracle.STACK_TRACE, args.get(0), abbreviate(run.toString()), command));
        }
        if (run.err().contains("out of memory")) {
            out.add(new Failure(Oracle.OUT_OF_MEMORY, args.get(0), abbreviate(run.toString()), command));
            return null;
        }
        if (!allowed.contains(run.code())) {
            out.add(new Failure(Oracle.EXIT_CODE, args.get(0) + " exit " + run.code(), abbreviate(run.toString()),
                    command));
            return null;
        }
        return run;
    }

    private static String firstNablaFrame(String err) {
        Matcher m = FRAME.matcher(err);
        String first = null;
        while (m.find()) {
            first = first == null ? m.group(1) : first;
            if (m.group(1).startsWith("dev.nabla.")) {
                return m.group(1);
            }
        }
        return first;
    }

    private static void checkDiagnostics(Cli.Run run, String command, List<Failure> out) {
        try {
            Cli.assertDiagnostics(run.err());
        } catch (AssertionError e) {
            String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            out.add(new Failure(Oracle.DIAGNOSTIC_FORMAT, normalize(first.replaceFirst(":.*", "")),
                    abbreviate(run.toString()), command));
        }
    }

    private static JsonArray report(Cli.Run run, String command, List<Failure> out) {
        try {
            return JsonParser.parseString(run.out()).getAsJsonArray();
        } catch (RuntimeException e) {
            out.add(new Failure(Oracle.REPORT_FORMAT, "json", abbreviate(run.toString()), command));
            return null;
        }
    }

    // ---- verdicts of a generated file -------------------------------------------------

    private static void verdicts(String text, Cli.Run run, JsonArray report, String command, List<Failure> out) {
        Matcher diagnostic = DIAGNOSTIC.matcher(run.err());
        if (diagnostic.find()) {
            out.add(new Failure(Oracle.REJECTED, normalize(diagnostic.group(2)), abbreviate(run.toString()), command,
                    diagnostic.group(2)));
            return;
        }
        Map<String, JsonObject> byLabel = new LinkedHashMap<>();
        for (JsonElement e : report) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("label") && !o.get("label").isJsonNull()) {
                byLabel.put(o.get("label").getAsString(), o);
            }
        }
        List<String> lines = text.lines().toList();
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            JsonObject o = byLabel.get(m.group(1));
            if (o == null) {
                out.add(new Failure(Oracle.REPORT_FORMAT, "statement missing from the report",
                        "no verdict for " + m.group(1) + "\n" + abbreviate(run.toString()), command));
                continue;
            }
            verdict(m.group(2), o, lines, run, command, out);
        }
    }

    /**
     * The verdict a statement must get. Derive steps and expects are judged by their own line,
     * not by the label, since shrinking may drop some of them: a false one ends with
     * {@link RandomFile#WRONG}, every other one is an identity.
     */
    private static void verdict(String kind, JsonObject o, List<String> lines, Cli.Run run, String command,
                                List<Failure> out) {
        int line = o.get("line").getAsInt();
        String statement = lineAt(lines, line);
        String verdict = o.get("verdict").getAsString();
        String detail = o.has("detail") ? o.get("detail").getAsString() : "";
        String what = statement.trim() + "\n" + abbreviate(run.out());
        if (verdict.equals("error") && !UNDEFINED.matcher(detail).find()) {
            String message = detail.replaceFirst("^[^ ]+: error: ", "");
            out.add(new Failure(Oracle.REJECTED, normalize(message), what, command, message));
            return;
        }
        switch (kind) {
            case "same":
                if (verdict.equals("refuted")) {
                    out.add(new Failure(Oracle.IDENTITY_REFUTED, "claim " + form(statement), what, command));
                }
                break;
            case "false": case "false2": {
                String form = kind.equals("false") ? "claim S == S + c" : "claim S == (S)^2 + 1.0";
                if (verdict.equals("proved")) {
                    out.add(new Failure(Oracle.FALSE_PROVED, form, what, command));
                } else if (verdict.equals("tested")) {
                    out.add(new Failure(Oracle.FALSE_PASSED, form + how(o), what, command));
                }
                break;
            }
            case "dsame": case "dfalse": {
                JsonArray steps = o.has("steps") ? o.getAsJsonArray("steps") : new JsonArray();
                for (JsonElement e : steps) {
                    JsonObject step = e.getAsJsonObject();
                    String to = lineAt(lines, step.get("line").getAsInt());
                    String v = step.get("verdict").getAsString();
                    String shown = statement.trim() + " ... " + to.trim() + "\n" + abbreviate(run.out());
                    if (isWrong(to)) {
                        if (v.equals("proved") || v.equals("tested")) {
                            out.add(new Failure(v.equals("proved") ? Oracle.FALSE_PROVED : Oracle.FALSE_PASSED,
                                    "derive step S = (S)^2 + 1.0" + how(step), shown, command));
                        }
                    } else if (v.equals("refuted")) {
                        out.add(new Failure(Oracle.IDENTITY_REFUTED, "derive step " + form(to), shown, command));
                    }
                }
                break;
            }
            default: {
                boolean falseExpect = false;
                for (int k = line; k <= lines.size() && !lineAt(lines, k).equals("}"); k++) {
                    String l = lineAt(lines, k).trim();
                    falseExpect |= l.startsWith("expect") && isWrong(l);
                }
                Matcher failing = Pattern.compile("expect at line (\\d+) fails").matcher(detail);
                if (verdict.equals("refuted") && failing.find()
                        && !isWrong(lineAt(lines, Integer.parseInt(failing.group(1))))) {
                    out.add(new Failure(Oracle.IDENTITY_REFUTED, "expect " + form(lineAt(lines,
                            Integer.parseInt(failing.group(1)))), what, command));
                } else if (falseExpect && (verdict.equals("proved") || verdict.equals("tested"))) {
                    out.add(new Failure(verdict.equals("proved") ? Oracle.FALSE_PROVED : Oracle.FALSE_PASSED,
                            "expect S == (S)^2 + 1.0" + how(o), what, command));
                }
            }
        }
    }

    /** How a false statement passed, from the largest relative error reported: the sides agreed, or a difference was forgiven. */
    private static String how(JsonObject o) {
        double error = o.has("largestRelativeError") ? o.get("largestRelativeError").getAsDouble() : 0;
        return error == 0 ? ", sides equal in double precision" : !(error < 1e-6) ? ", a difference forgiven"
                : ", a difference within rounding";
    }

    /** Whether a step or expect line states a false side, (S)^2 + 1.0, perhaps with a tolerance after it. */
    private static boolean isWrong(String line) {
        return line.replaceFirst("\\s+within\\s+\\S+\\s*$", "").trim().endsWith(RandomFile.WRONG);
    }

    private static String lineAt(List<String> lines, int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    /** Which identity a statement states, from its text. */
    private static String form(String statement) {
        return statement.contains("diff(") || statement.contains("∂") ? "diff(S, X) == diff(S + 0, X)"
                : statement.contains("--") ? "S == --S" : "S == S + 0";
    }

    // ---- grad and its read-back -------------------------------------------------------

    private void grad(String text, boolean generated, long seed, Path file, List<Failure> out) {
        Set<String> leaves = leaves(text);
        Map<String, Integer> ranks = defined(text);
        List<String> defined = new ArrayList<>(ranks.keySet());
        String of = generated ? RandomFile.OBJECTIVE : objective(defined);
        if (of == null) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("grad", "--of", of));
        Random r = new Random(seed);
        if (generated && r.nextInt(10) < 3) {
            List<String> names = new ArrayList<>(leaves);
            names.addAll(defined);
            names.remove(of);
            if (!names.isEmpty()) {
                args.add("--wrt");
                int n = 1 + r.nextInt(Math.min(3, names.size()));
                for (int k = 0; k < n; k++) {
                    args.add(names.remove(r.nextInt(names.size())));
                }
            }
        }
        Cli.Run grad = invoke(args, file, Set.of(0, 2), out);
        if (grad == null) {
            return;
        }
        String command = commandLine(args).replace("grad ", "grad repro.nabla ");
        if (grad.code() != 0 && (generated || !grad.err().contains("has no definition named"))) {
            out.add(new Failure(Oracle.GRAD_FAILED, normalize(grad.err().lines().findFirst().orElse("")),
                    abbreviate(grad.toString()), command));
        }
        if (grad.code() != 0) {
            return;
        }
        readBack(generated ? cutAtChecks(text) : text, of, ranks.getOrDefault(of, 0), leaves, defined, grad, seed,
                command, out);
    }

    /**
     * The file's declarations and definitions, grad's definitions after them, and a claim
     * {@code dF_dX[i..] == diff(F, X[i..])} for each adjoint of a leaf or node: every error
     * past the original lines and every refuted claim is grad's fault.
     */
    private void readBack(String text, String of, int rank, Set<String> leaves, List<String> defined, Cli.Run grad,
                          long seed, String command, List<Failure> out) {
        StringBuilder b = new StringBuilder(text);
        if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        int original = (int) b.chars().filter(c -> c == '\n').count();
        List<String> claims = new ArrayList<>();
        String prefix = "d" + of + "_d";
        for (String line : grad.out().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            b.append(line).append('\n');
            Matcher m = ADJOINT.matcher(line);
            if (m.find() && m.group(1).startsWith(prefix)) {
                String x = m.group(1).substring(prefix.length());
                List<String> at = m.group(2) == null ? List.of()
                        : List.of(m.group(2).replaceAll(" in [^,\\]]+", "").split(",\\s*"));
                if ((leaves.contains(x) || defined.contains(x)) && at.size() >= rank) {
                    // the adjoint's indices are the function's, then the variable's
                    claims.add("claim \"grad-" + (claims.size() + 1) + "\": " + m.group(1) + access(at) + " == diff("
                            + of + access(at.subList(0, rank)) + ", " + x + access(at.subList(rank, at.size())) + ")");
                }
            }
        }
        claims.forEach(c -> b.append(c).append('\n'));
        Path back = Cli.write(dir.resolve("readback.nabla"), b.toString());
        List<String> check = List.of("check", "--json", "--samples", String.valueOf(Math.max(1, settings.samples() / 2)),
                "--max-size", String.valueOf(Math.min(3, settings.maxSize())), "--seed", String.valueOf(seed));
        List<Failure> runFailures = new ArrayList<>();
        Cli.Run run = invoke(check, back, Set.of(0, 1, 2), runFailures);
        String how = "append the definitions printed by `" + command + "` to the declarations and definitions of "
                + "repro.nabla, with a claim dF_dX[..] == diff(F, X[..]) for each, and run `nabla check` on that:\n"
                + b;
        for (Failure f : runFailures) {
            out.add(new Failure(f.oracle(), "read-back " + f.signature(), how + "\n" + f.detail(), f.command()));
        }
        if (run == null) {
            return;
        }
        Matcher d = DIAGNOSTIC.matcher(run.err());
        while (d.find()) {
            if (Integer.parseInt(d.group(1)) > original) {
                out.add(new Failure(Oracle.GRAD_READBACK, normalize(d.group(2)), how + "\n" + abbreviate(run.err()),
                        command));
                return;
            }
        }
        JsonArray report = report(run, commandLine(check) + " readback.nabla", out);
        if (report == null) {
            return;
        }
        for (JsonElement e : report) {
            JsonObject o = e.getAsJsonObject();
            String label = o.has("label") && !o.get("label").isJsonNull() ? o.get("label").getAsString() : "";
            String verdict = o.get("verdict").getAsString();
            String detail = o.has("detail") ? o.get("detail").getAsString() : "";
            if (!label.startsWith("grad-")) {
                continue;
            }
            if (verdict.equals("refuted")) {
                out.add(new Failure(Oracle.GRAD_DISAGREES, "refuted", how + "\n" + abbreviate(run.out()), command));
            } else if (verdict.equals("error") && !UNDEFINED.matcher(detail).find()) {
                out.add(new Failure(Oracle.GRAD_READBACK, normalize(detail.replaceFirst("^[^ ]+: error: ", "")),
                        how + "\n" + abbreviate(run.out()), command));
            }
        }
    }

    private static String access(List<String> subscripts) {
        return subscripts.isEmpty() ? "" : "[" + String.join(", ", subscripts) + "]";
    }

    /** A generated file's declarations and definitions: what comes before its checked statements. */
    private static String cutAtChecks(String text) {
        int marker = text.indexOf("\n" + RandomFile.CHECKS + "\n");
        return marker >= 0 ? text.substring(0, marker + 1) : text;
    }

    /** The objective to differentiate in a file not generated: E or L if defined, else the last definition. */
    private static String objective(List<String> defined) {
        for (String name : List.of("E", "L", "E_k", "J", "F")) {
            if (defined.contains(name)) {
                return name;
            }
        }
        return defined.isEmpty() ? null : defined.get(defined.size() - 1);
    }

    /** The names the file defines and their ranks, roughly: {@code name[..] =} at a line's start outside braces. */
    private static Map<String, Integer> defined(String text) {
        int[] depth = braceDepth(text);
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = DEFINED.matcher(text);
        while (m.find()) {
            if (depth[m.start(1)] == 0 && !Set.of("dim", "expect", "claim").contains(m.group(1))) {
                out.putIfAbsent(m.group(1), m.group(2) == null ? 0 : m.group(2).split(",").length);
            }
        }
        return out;
    }

    /** How many braces are open at each character, outside comments and strings. */
    private static int[] braceDepth(String text) {
        int[] depth = new int[text.length() + 1];
        int open = 0;
        boolean comment = false;
        boolean string = false;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\n') {
                comment = false;
                string = false;
            } else if (!comment && c == '"') {
                string = !string;
            } else if (!string && (c == '#' || c == '/' && k + 1 < text.length() && text.charAt(k + 1) == '/')) {
                comment = true;
            } else if (!comment && !string && c == '{') {
                open++;
            } else if (!comment && !string && c == '}') {
                open = Math.max(0, open - 1);
            }
            depth[k] = open;
        }
        return depth;
    }

    private static Set<String> leaves(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher line = LEAF_LINE.matcher(text);
        while (line.find()) {
            // drop shapes and fixed values, so that only the declared names are left between commas
            String items = line.group(2).replaceAll("\\[[^\\]]*\\]", " ").replaceAll("(in|[<>]=?)\\s*[(\\[{].*$|[<>]=?.*$", "");
            Matcher name = LEAF_NAME.matcher(items);
            while (name.find()) {
                out.add(name.group(1));
            }
        }
        return out;
    }

    // ---- text ---------------------------------------------------------------------------

    private static String commandLine(List<String> args) {
        return "nabla " + String.join(" ", args);
    }

    /** A message with names, labels and numbers blanked, so that one kind of problem is one class. */
    static String normalize(String message) {
        String s = message.replaceAll("'[^']*'", "'_'").replaceAll("\"[^\"]*\"", "\"_\"")
                .replaceAll("\\[[^\\]]*\\]", "[..]");
        return numbersOut(s);
    }

    /**
     * An exception's class and message with the input's names and numbers blanked
     * ({@code position N in _[..] is out of range: _ = N}), so that one check that fails is one class.
     */
    private static String exceptionClass(String exception) {
        String s = exception.replaceAll("'[^']*'", "'_'")
                .replaceAll("[\\p{L}_][\\p{L}\\p{Nd}_]*\\[[^\\]]*\\]", "_[..]")
                .replaceAll("\\b[\\p{L}_][\\p{L}\\p{Nd}_]* = (-?\\d)", "_ = $1");
        return numbersOut(s);
    }

    private static String numbersOut(String s) {
        String t = s.replaceAll("\\d+(\\.\\d+)?([eE][-+]?\\d+)?", "N").trim();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    static String abbreviate(String s) {
        return s.length() <= 3000 ? s : s.substring(0, 3000) + "\n...";
    }
}
