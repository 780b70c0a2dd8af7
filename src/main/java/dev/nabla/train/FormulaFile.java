package dev.nabla.train;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.DimSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;
import dev.nabla.syntax.Ast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A formula file as the trainer sees it: the {@code train minimize E over p1, p2, ...} statement,
 * the one input leaf that receives the features, the one target leaf that receives the encoded
 * class, the node that is the prediction, and which dims the data bind.
 *
 * <h2>Which dims the data bind</h2>
 * <ul>
 * <li>A 1-index input {@code x[d]} holds one sample: its dim is the feature dim. A 2-index input
 *     {@code X[m, d]} holds the whole data set: the first dim counts samples, the last is the
 *     feature dim. A scalar input is one feature.</li>
 * <li>The target has the shape of one sample's outputs, {@code y[l]} (a scalar {@code y} is one
 *     output), or, for a whole-data-set input, the samples first: {@code Y[m]} (one output) or
 *     {@code Y[m, l]}. Its last non-sample dim is the output dim: 1 for two classes, K for K classes.</li>
 * <li>The sample dim is bound to the number of rows a network is given at a time (1 in standard
 *     mode, the batch in minibatch mode, all training rows in accumulated mode).</li>
 * <li>Every other dim gets its size from {@code --dim q=10}, else from the file's {@code dim q = 10};
 *     a dim nobody binds is an error.</li>
 * </ul>
 *
 * <h2>Which node is the prediction</h2>
 * The last definition (in dependency order) with the target's shape that the objective depends on
 * and that does not itself depend on the target: {@code yhat} in {@code E = 1/2 * sum(j, (yhat[j] -
 * y[j])^2)}, the softmax {@code p} in a cross-entropy. {@code --output NAME} names another.
 */
public final class FormulaFile {
    /**
     * Where a network reads the data and writes the prediction: leaf and node names, and the dims
     * the data bind; {@code sampleDim} is null for a per-sample objective, {@code featureDim} for a
     * scalar input, {@code outputDim} for a target without an output dim.
     */
    public record Layout(String input, String target, String output, String sampleDim, String featureDim,
                         String outputDim) {
        /** Whether one network holds several samples along {@link #sampleDim}. */
        public boolean wholeDataSet() {
            return sampleDim != null;
        }
    }

    private final Path path;
    private final String sha256;
    private final Program program;
    private final Model model;
    private final String objective;
    private final List<String> parameters;
    private final Layout layout;

    private FormulaFile(Path path, String sha256, Program program, Model model, String objective,
                        List<String> parameters, Layout layout) {
        this.path = path;
        this.sha256 = sha256;
        this.program = program;
        this.model = model;
        this.objective = objective;
        this.parameters = List.copyOf(parameters);
        this.layout = layout;
    }

    /**
     * The training view of a formula file, or null after reporting to {@code diags} why it cannot
     * be trained.
     *
     * @param output the prediction node named by {@code --output}, or null for the rule above
     */
    public static FormulaFile load(Path path, String output, Diagnostics diags) {
        Program program = Frontend.load(path, diags);
        if (program == null) {
            return null;
        }
        program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
        if (diags.hasErrors()) {
            return null;
        }
        Ast.Train train = program.train();
        if (train == null) {
            diags.error(SourceSpan.at(program.source().name(), 1, 1),
                    "no train statement: a trainer needs 'train minimize E over p1, p2, ...'");
            return null;
        }
        SourceSpan at = train.span();
        LeafSymbol input = single(program, Ast.LeafKind.INPUT, "the features", at, diags);
        LeafSymbol target = single(program, Ast.LeafKind.TARGET, "the encoded class", at, diags);
        if (input == null || target == null) {
            return null;
        }
        Layout shapes = shapes(input, target, diags);
        if (shapes == null) {
            return null;
        }
        Model model = new Model(program);
        String objective = train.objective().text();
        String prediction = output != null ? checkedOutput(program, model, output, target, at, diags)
                : predictionOf(program, model, objective, target, at, diags);
        if (prediction == null) {
            return null;
        }
        List<String> parameters = train.parameters().stream().map(Ast.Name::text).toList();
        Layout layout = new Layout(input.name(), target.name(), prediction, shapes.sampleDim(), shapes.featureDim(),
                shapes.outputDim());
        return new FormulaFile(path, sha256(path), program, model, objective, parameters, layout);
    }

    private static LeafSymbol single(Program program, Ast.LeafKind kind, String role, SourceSpan at,
                                     Diagnostics diags) {
        List<LeafSymbol> found = program.leaves().stream().filter(l -> l.kind() == kind).toList();
        if (found.size() != 1) {
            diags.error(at, "training needs exactly one " + kind.keyword() + " leaf, for " + role + ", but the file declares "
                    + (found.isEmpty() ? "none" : found.size() + ": " + names(found)));
            return null;
        }
        return found.get(0);
    }

    private static String names(List<LeafSymbol> leaves) {
        return leaves.stream().map(LeafSymbol::name).collect(Collectors.joining(", "));
    }

    /** The dims the data bind, from the input's and the target's shapes (names only; no output yet). */
    private static Layout shapes(LeafSymbol input, LeafSymbol target, Diagnostics diags) {
        List<DimSymbol> in = input.shape();
        List<DimSymbol> out = target.shape();
        if (in.size() > 2 || in.size() == 2 && in.get(0) == in.get(1)) {
            diags.error(input.span(), "the input " + input.name() + " must be one sample, " + input.name()
                    + "[d], or the whole data set, " + input.name() + "[m, d] with two different dims");
            return null;
        }
        String sampleDim = in.size() == 2 ? in.get(0).name() : null;
        String featureDim = in.isEmpty() ? null : in.get(in.size() - 1).name();
        if (sampleDim != null) {
            if (out.isEmpty() || out.size() > 2 || !out.get(0).name().equals(sampleDim)
                    || out.size() == 2 && out.get(1).name().equals(sampleDim)) {
                diags.error(target.span(), "the input " + input.name() + "[" + sampleDim + ", " + featureDim
                        + "] holds every sample, so the target must too: " + target.name() + "[" + sampleDim + "] or "
                        + target.name() + "[" + sampleDim + ", l]");
                return null;
            }
            return new Layout(input.name(), target.name(), null, sampleDim, featureDim,
                    out.size() == 2 ? out.get(1).name() : null);
        }
        if (out.size() > 1) {
            diags.error(target.span(), "the target " + target.name() + " must be one sample's outputs, "
                    + target.name() + "[l] or a scalar, since the input " + input.name() + " is one sample");
            return null;
        }
        return new Layout(input.name(), target.name(), null, null, featureDim, out.isEmpty() ? null : out.get(0).name());
    }

    private static String checkedOutput(Program program, Model model, String name, LeafSymbol target, SourceSpan at,
                                        Diagnostics diags) {
        Symbol s = program.symbol(name);
        Tensor t = model.lowering().tensor(name);
        if (!(s instanceof DefinitionSymbol)) {
            diags.error(at, "--output " + name + ": the file has no definition named " + name);
            return null;
        }
        if (!t.shape().equals(model.lowering().tensor(target.name()).shape())) {
            diags.error(s.span(), "--output " + name + ": the prediction must have the shape of the target "
                    + target.name() + " " + target.shape().stream().map(DimSymbol::name).toList() + ", but " + name
                    + " has " + t.shape());
            return null;
        }
        return name;
    }

    private static String predictionOf(Program program, Model model, String objective, LeafSymbol target,
                                       SourceSpan at, Diagnostics diags) {
        Graph graph = model.graph();
        Tensor y = model.lowering().tensor(target.name());
        Set<Tensor> readsTarget = new HashSet<>();
        for (Definition d : graph.definitions()) {
            for (Tensor used : Tensors.referenced(d.body())) {
                if (used == y || readsTarget.contains(used)) {
                    readsTarget.add(d.tensor());
                    break;
                }
            }
        }
        Set<Tensor> needed = reachable(graph, model.lowering().tensor(objective));
        String found = null;
        for (DefinitionSymbol d : program.definitions()) {
            Tensor t = model.lowering().tensor(d.name());
            if (needed.contains(t) && !readsTarget.contains(t) && t.shape().equals(y.shape())) {
                found = d.name();
            }
        }
        if (found == null) {
            diags.error(at, "no prediction: " + objective + " reads no definition with the shape of the target "
                    + target.name() + " that does not read " + target.name() + " itself; name one with --output NAME");
        }
        return found;
    }

    private static Set<Tensor> reachable(Graph graph, Tensor from) {
        Set<Tensor> seen = new HashSet<>();
        List<Tensor> work = new ArrayList<>(List.of(from));
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            Definition d = graph.definition(t);
            if (d != null && seen.add(t)) {
                work.addAll(Tensors.referenced(d.body()));
            }
        }
        return seen;
    }

    /** The SHA-256 of the file's bytes, in hex: what ties weights to the formula file they were trained on. */
    public static String sha256(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }

    /**
     * The size of every dim but the sample dim: the feature and output dims from the data, the
     * others from {@code given} ({@code --dim}) or the file's defaults; null after reporting problems.
     */
    public Map<String, Integer> sizes(int features, int outputs, Map<String, Integer> given, Diagnostics diags) {
        Map<String, Integer> fromData = new LinkedHashMap<>();
        String file = program.source().name();
        LeafSymbol input = (LeafSymbol) program.symbol(layout.input());
        LeafSymbol target = (LeafSymbol) program.symbol(layout.target());
        if (layout.featureDim() == null && features != 1) {
            diags.error(input.span(), "the input " + input.name() + " is one number, but " + features
                    + " features come from the data: give it a dim, " + input.name() + "[d]");
        } else if (layout.featureDim() != null) {
            fromData.put(layout.featureDim(), features);
        }
        if (layout.outputDim() == null && outputs != 1) {
            diags.error(target.span(), "the target " + target.name() + " has one output, but the data's classes need "
                    + outputs + " (one-hot): give it an output dim");
        } else if (layout.outputDim() != null) {
            Integer before = fromData.putIfAbsent(layout.outputDim(), outputs);
            if (before != null && before != outputs) {
                diags.error(target.span(), "dim " + layout.outputDim() + " is both the " + features
                        + " features and the " + outputs + " outputs");
            }
        }
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            Symbol s = program.symbol(e.getKey());
            if (!(s instanceof DimSymbol)) {
                diags.error(SourceSpan.at(file, 1, 1), "--dim " + e.getKey() + "=" + e.getValue() + ": the file has no dim "
                        + e.getKey() + " (its dims: " + program.dims().stream().map(DimSymbol::name).toList() + ")");
            } else if (e.getKey().equals(layout.sampleDim())) {
                diags.error(s.span(), "--dim " + e.getKey() + ": dim " + e.getKey()
                        + " counts the samples, which the mode decides");
            } else if (fromData.containsKey(e.getKey())) {
                diags.error(s.span(), "--dim " + e.getKey() + ": dim " + e.getKey() + " is bound by the data, to "
                        + fromData.get(e.getKey()));
            } else if (e.getValue() < 1) {
                diags.error(s.span(), "--dim " + e.getKey() + "=" + e.getValue() + ": a size is at least 1");
            }
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (DimSymbol d : program.dims()) {
            if (d.name().equals(layout.sampleDim())) {
                continue;
            }
            Integer size = fromData.containsKey(d.name()) ? fromData.get(d.name())
                    : given.containsKey(d.name()) ? given.get(d.name()) : d.defaultSize();
            if (size == null) {
                diags.error(d.span(), "dim " + d.name() + " has no size: give it with --dim " + d.name()
                        + "=N, or a default in the file (dim " + d.name() + " = 10)");
            }
            sizes.put(d.name(), size);
        }
        if (!diags.hasErrors()) {
            checkElements(sizes, diags);
        }
        return diags.hasErrors() ? null : sizes;
    }

    /** At most this many elements in one leaf, at one sample: beyond it memory runs out long before. */
    static final long MAX_ELEMENTS = 100_000_000;

    private void checkElements(Map<String, Integer> sizes, Diagnostics diags) {
        for (LeafSymbol leaf : program.leaves()) {
            long n = 1;
            for (DimSymbol d : leaf.shape()) {
                n = Math.min(Long.MAX_VALUE / 2, n * sizes.getOrDefault(d.name(), 1));
            }
            if (n > MAX_ELEMENTS) {
                diags.error(leaf.span(), leaf.name() + " would have " + n + " elements at these sizes "
                        + sizes + ", more than the " + MAX_ELEMENTS + " a trainer holds");
            }
        }
    }

    /**
     * The value of every const: the file's, or {@code given} ({@code --const}) for one the file
     * leaves open; null after reporting problems.
     */
    public Map<String, Double> consts(Map<String, Double> given, Diagnostics diags) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : given.entrySet()) {
            Symbol s = program.symbol(e.getKey());
            if (!(s instanceof LeafSymbol) || ((LeafSymbol) s).kind() != Ast.LeafKind.CONST) {
                diags.error(SourceSpan.at(program.source().name(), 1, 1), "--const " + e.getKey()
                        + ": the file has no const " + e.getKey());
            } else if (((LeafSymbol) s).fixedValue() != null) {
                diags.error(s.span(), "--const " + e.getKey() + ": the file fixes " + e.getKey() + " = "
                        + ((LeafSymbol) s).fixedValue().toPlainString());
            } else if (!Double.isFinite(e.getValue())) {
                diags.error(s.span(), "--const " + e.getKey() + "=" + e.getValue() + ": not a finite number");
            }
        }
        for (LeafSymbol leaf : program.leaves()) {
            if (leaf.kind() != Ast.LeafKind.CONST) {
                continue;
            }
            if (leaf.fixedValue() != null) {
                values.put(leaf.name(), leaf.fixedValue().doubleValue());
            } else if (given.containsKey(leaf.name()) && leaf.shape().isEmpty()) {
                values.put(leaf.name(), given.get(leaf.name()));
            } else {
                diags.error(leaf.span(), "const " + leaf.name() + " has no value: "
                        + (leaf.shape().isEmpty() ? "give it with --const " + leaf.name() + "=0.5, or in the file ("
                        + "const " + leaf.name() + " = 0.5)" : "a trainer can only set scalar consts"));
            }
        }
        return diags.hasErrors() ? null : values;
    }

    /** The file as given on the command line. */
    public Path path() {
        return path;
    }

    /** The SHA-256 of the file's bytes. */
    public String sha256() {
        return sha256;
    }

    public Program program() {
        return program;
    }

    /** The model, with the graph the evaluator-backed networks run on. */
    public Model model() {
        return model;
    }

    /** The objective's name, {@code E} of {@code train minimize E over ...}. */
    public String objective() {
        return objective;
    }

    /** The trained parameters, in the order of the train statement. */
    public List<String> parameters() {
        return parameters;
    }

    public Layout layout() {
        return layout;
    }
}
