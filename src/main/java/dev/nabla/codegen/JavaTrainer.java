package dev.nabla.codegen;

import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Printer;
import dev.nabla.ir.Tensor;
import dev.nabla.ir.Tensors;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.DimSymbol;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emits the Java source of a trainer for a {@link TrainingProgram}: a class implementing
 * {@link dev.nabla.runtime.Network} with one method per definition, called in order by one
 * method per phase ({@code forward}, {@code backpropagate}, {@code step}), each commented with
 * the formula file's {@code file:line} and text, or for an adjoint with its definition as
 * {@code nabla grad} prints it. The loops are those of {@link LoopNest}, the kernels those of
 * {@link Kernels}. The class is constructed with the sizes of the dims, in {@code DIMS} order
 * ({@code new C(d, q, l)}), or with a map of them ({@code new C(Map.of("d", 8, ...))}, where
 * dims with a default in the file may be left out).
 */
public final class JavaTrainer {
    /** Names the generated class uses for itself: a tensor so named is mangled. */
    private static final Set<String> MEMBERS = Set.of(
            "dims", "size", "parameters", "data", "shape", "values", "loss", "backward", "gradient", "step",
            "forward", "backpropagate", "elements", "sizes", "positive", "unknown", "DIMS", "PARAMETERS", "DATA",
            "eta", "hashCode", "equals", "toString", "getClass", "notify", "notifyAll", "wait", "finalize", "clone",
            "toRows", "toFlat", "row", "flat", "outputs", "output",
            "Network", "NablaMath", "List", "Map", "Arrays", "Math", "Double", "Integer", "String", "Object",
            "IllegalArgumentException", "java", "dev");

    /**
     * @param packageName the package of the class, or null for none
     * @param className   a Java identifier
     */
    public record Options(String packageName, String className) {
        public Options {
            if (!isQualifiedName(className) || className.contains(".")) {
                throw new IllegalArgumentException("not a Java class name: " + className);
            }
            if (packageName != null && !isQualifiedName(packageName)) {
                throw new IllegalArgumentException("not a Java package name: " + packageName);
            }
        }

        /** The class's binary name, {@code package.Class}. */
        public String binaryName() {
            return packageName == null ? className : packageName + "." + className;
        }
    }

    /** Whether s is a dot-separated sequence of Java identifiers that are not keywords. */
    public static boolean isQualifiedName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (String part : s.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.codePointAt(0))
                    || !part.codePoints().allMatch(Character::isJavaIdentifierPart)
                    || !JavaText.identifier(part, Set.of()).equals(part) || !part.chars().allMatch(c -> c < 128)) {
                return false;
            }
        }
        return true;
    }

    /** Characters of Java above which a definition's kernels get a method each (about 2,000 bytes of bytecode). */
    private static final int SPLIT_AT = 4000;

    private final TrainingProgram program;
    private final Options options;
    private final Program source;
    private final Graph graph;
    private final Map<Tensor, String> fields = new IdentityHashMap<>();
    private final Map<Dim, String> dimFields = new HashMap<>();
    private final Names names;
    private final String others;
    private final List<Definition> forward = new ArrayList<>();
    /** Definitions only {@code output()} computes: outputs the objective does not read. */
    private final List<Definition> extras = new ArrayList<>();
    private final List<Definition> backward;
    private final List<Tensor> parameters;
    private final List<Tensor> data;
    private final List<Tensor> consts;
    private final StringBuilder out = new StringBuilder();
    /** Tensors kept as rows (batched programs), the row copies of leaves, the flat copies of gradients. */
    private final Set<Tensor> rows = new HashSet<>();
    private final Map<Tensor, String> mirrors = new LinkedHashMap<>();
    private final Map<Tensor, String> flat = new LinkedHashMap<>();
    /** Deferred gradients and their descent methods, the copies of the data they read, the flags. */
    private final Map<Tensor, String> deferred = new LinkedHashMap<>();
    private final Map<Tensor, String> snapshots = new LinkedHashMap<>();
    private final Map<Tensor, String> computedEarly = new IdentityHashMap<>();
    private String pending;
    private String eager;
    private String materialize;
    /** The source line the last {@code file:line} comment quoted, until a blank line. */
    private int lastCommented = -1;

    private JavaTrainer(TrainingProgram program, Options options) {
        this.program = program;
        this.options = options;
        this.source = program.model().lowering().program();
        this.graph = program.graph();
        this.backward = program.backward();
        this.parameters = program.variables();
        this.data = program.leaves(EnumSet.of(Tensor.Kind.INPUT, Tensor.Kind.TARGET));
        this.consts = program.leaves(EnumSet.of(Tensor.Kind.CONST));
        Set<String> reserved = new HashSet<>(MEMBERS);
        reserved.add(options.className());
        Set<String> taken = new HashSet<>(reserved);
        for (Dim d : program.dims()) {
            String n = JavaText.identifier(d.name(), reserved);
            dimFields.put(d, n);
            taken.add(n);
        }
        for (Tensor t : graph.tensors()) {
            String n = JavaText.identifier(t.name(), reserved);
            fields.put(t, n);
            taken.add(n);
        }
        this.names = new Names(taken);
        this.others = names.fresh("otherOutputs");
        Set<Tensor> needed = new HashSet<>();
        List<Tensor> work = new ArrayList<>();
        for (Definition d : backward) {
            work.addAll(Tensors.referenced(d.body()));
        }
        work.addAll(program.forward().stream().map(Definition::tensor).toList());
        Set<Tensor> adjoints = new HashSet<>();
        backward.forEach(d -> adjoints.add(d.tensor()));
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            Definition d = graph.definition(t);
            if (d != null && !adjoints.contains(t) && needed.add(t)) {
                work.addAll(Tensors.referenced(d.body()));
            }
        }
        for (Definition d : graph.definitions()) {
            if (needed.contains(d.tensor())) {
                forward.add(d);
            }
        }
        // the outputs the training passes do not compute, with what they need
        Set<Tensor> extra = new HashSet<>();
        work.clear();
        program.outputs().forEach(d -> work.add(d.tensor()));
        while (!work.isEmpty()) {
            Tensor t = work.remove(work.size() - 1);
            Definition d = graph.definition(t);
            if (d != null && !needed.contains(t) && !adjoints.contains(t) && extra.add(t)) {
                work.addAll(Tensors.referenced(d.body()));
            }
        }
        for (Definition d : graph.definitions()) {
            if (extra.contains(d.tensor())) {
                extras.add(d);
            }
        }
    }

    /** The Java source of the trainer. */
    public static String emit(TrainingProgram program, Options options) {
        return new JavaTrainer(program, options).emit();
    }

    private String field(Tensor t) {
        String n = fields.get(t);
        if (n == null) {
            // a temporary: its tensor's name is already its Java name
            return t.name();
        }
        return n;
    }

    private String emit() {
        Map<Tensor, List<Kernel>> kernels = new LinkedHashMap<>();
        Map<Tensor, Definition> all = new HashMap<>();
        List<Definition> ordered = new ArrayList<>(forward);
        ordered.addAll(backward);
        ordered.forEach(d -> all.put(d.tensor(), d));
        Set<Tensor> gradients = new HashSet<>();
        for (Tensor p : parameters) {
            gradients.add(program.adjointOf(p));
        }
        Kernels cutter = new Kernels(ordered, all::get, this::field, names, gradients);
        for (Definition d : ordered) {
            kernels.put(d.tensor(), cutter.of(d));
        }
        computedEarly.putAll(cutter.computedEarly());
        // a cutter of their own: what output() computes must not wait for the backward pass
        Map<Tensor, Definition> extraDefinitions = new HashMap<>(all);
        extras.forEach(d -> extraDefinitions.put(d.tensor(), d));
        Kernels extraCutter = new Kernels(extras, extraDefinitions::get, this::field, names, gradients);
        for (Definition d : extras) {
            kernels.put(d.tensor(), extraCutter.of(d));
        }
        computedEarly.putAll(extraCutter.computedEarly());
        List<Tensor> temporaries = new ArrayList<>(cutter.temporaries());
        temporaries.addAll(extraCutter.temporaries());
        ordered.addAll(extras);
        Set<Tensor> scalars = new HashSet<>();
        for (Definition d : ordered) {
            // a gradient is an array, even of a scalar parameter: gradient() returns it
            if (d.tensor().rank() == 0 && !gradients.contains(d.tensor())) {
                scalars.add(d.tensor());
            }
        }
        for (Tensor t : temporaries) {
            if (t.rank() == 0) {
                scalars.add(t);
            }
        }
        if (program.batchDim() != null) {
            for (Definition d : ordered) {
                if (d.tensor().rank() >= 2) {
                    rows.add(d.tensor());
                }
            }
            for (Tensor t : temporaries) {
                if (t.rank() >= 2) {
                    rows.add(t);
                }
            }
            for (Tensor t : graph.tensors()) {
                if (t.isLeaf() && t.rank() >= 2) {
                    mirrors.put(t, names.fresh(field(t) + "_rows"));
                }
            }
            for (Tensor p : parameters) {
                Tensor g = program.adjointOf(p);
                if (g != null && rows.contains(g)) {
                    flat.put(g, names.fresh(field(g) + "_flat"));
                }
            }
        }
        chooseDeferred(kernels);
        LoopNest.Storage storage = new LoopNest.Storage() {
            @Override
            public String field(Tensor t) {
                return mirrors.containsKey(t) ? mirrors.get(t) : JavaTrainer.this.field(t);
            }

            @Override
            public boolean isRows(Tensor t) {
                return rows.contains(t) || mirrors.containsKey(t);
            }

            @Override
            public boolean isScalar(Tensor t) {
                return scalars.contains(t);
            }

            @Override
            public String size(Dim d) {
                return dimFields.get(d);
            }
        };

        LoopNest.Storage seen = new LoopNest.Storage() {
            @Override
            public String field(Tensor t) {
                return snapshots.containsKey(t) ? snapshots.get(t) : storage.field(t);
            }

            @Override
            public boolean isRows(Tensor t) {
                return storage.isRows(t);
            }

            @Override
            public boolean isScalar(Tensor t) {
                return storage.isScalar(t);
            }

            @Override
            public String size(Dim d) {
                return storage.size(d);
            }
        };

        header();
        line(0, "public final class " + options.className() + " implements Network {");
        constants();
        storageFields(temporaries, scalars);
        constructors(temporaries, scalars);
        line(0, "");
        line(1, "// ---- forward pass: the definitions the objective depends on, in order");
        line(0, "");
        line(1, "private void forward() {");
        for (Map.Entry<Tensor, String> m : mirrors.entrySet()) {
            line(2, "toRows(" + field(m.getKey()) + ", " + m.getValue() + ");");
        }
        for (Definition d : forward) {
            if (!computedEarly.containsKey(d.tensor())) {
                line(2, field(d.tensor()) + "();");
            }
        }
        line(1, "}");
        for (Definition d : forward) {
            method(d, kernels.get(d.tensor()), storage);
        }
        line(0, "");
        line(1, "// ---- backward pass: the adjoint program reverse mode derived, as `nabla grad --of "
                + JavaText.comment(source.train() == null ? program.objective().name()
                : source.train().objective().text()) + "` prints it");
        line(0, "");
        line(1, "private void backpropagate() {");
        for (Definition d : backward) {
            if (!deferred.containsKey(d.tensor()) && !computedEarly.containsKey(d.tensor())) {
                line(2, field(d.tensor()) + "();");
            }
        }
        for (Map.Entry<Tensor, String> m : snapshots.entrySet()) {
            line(2, "System.arraycopy(" + field(m.getKey()) + ", 0, " + m.getValue() + ", 0, " + field(m.getKey())
                    + ".length);");
        }
        for (Map.Entry<Tensor, String> g : flat.entrySet()) {
            line(2, "toFlat(" + field(g.getKey()) + ", " + g.getValue() + ");");
        }
        line(1, "}");
        for (Definition d : backward) {
            method(d, kernels.get(d.tensor()), deferred.containsKey(d.tensor()) ? seen : storage);
        }
        if (!deferred.isEmpty()) {
            line(0, "");
            line(1, "/** The gradients backward() left to compute when asked for: step() takes them without storing them. */");
            line(1, "private void " + materialize + "() {");
            for (Tensor g : deferred.keySet()) {
                line(2, field(g) + "();");
            }
            line(2, pending + " = false;");
            line(1, "}");
        }
        if (!extras.isEmpty()) {
            line(0, "");
            line(1, "// ---- outputs the objective does not read, computed by output() only");
            line(0, "");
            line(1, "private void " + others + "() {");
            for (Definition d : extras) {
                if (!computedEarly.containsKey(d.tensor())) {
                    line(2, field(d.tensor()) + "();");
                }
            }
            line(1, "}");
            for (Definition d : extras) {
                method(d, kernels.get(d.tensor()), storage);
            }
        }
        update(kernels, seen);
        network(scalars);
        line(0, "}");
        return out.toString();
    }

    // ---- pieces of the class -----------------------------------------------------------------

    private void header() {
        SourceFile file = source.source();
        line(0, "// Generated by nabla " + JavaText.comment(version()) + " from " + JavaText.comment(file.name())
                + ". Do not edit: run `nabla compile` again.");
        if (source.train() != null) {
            comment(0, source.train().span());
        }
        if (program.batchDim() != null) {
            line(0, "// Batched: every input, target and node that depends on them has a leading dim "
                    + JavaText.comment(program.batchDim().name()) + " over the samples of a minibatch.");
        }
        Definition top = graph.definition(program.objective());
        if (top != null && program.origin(program.objective()) != null && program.transformed(top)) {
            line(0, "// Objective: " + JavaText.comment(Printer.print(top)));
        }
        if (options.packageName() != null) {
            line(0, "package " + options.packageName() + ";");
        }
        line(0, "");
        line(0, "import dev.nabla.runtime.NablaMath;");
        line(0, "import dev.nabla.runtime.Network;");
        line(0, "");
        line(0, "import java.util.List;");
        line(0, "import java.util.Map;");
        line(0, "");
        line(0, "/**");
        line(0, " * A trainer generated by nabla: the forward pass, the adjoint program reverse mode derived, and");
        line(0, " * plain gradient steps, over flat row-major arrays. Construct it with the sizes of its dims in");
        line(0, " * {@link #DIMS} order (or a map of them), write inputs and parameters into {@link #values},");
        line(0, " * call {@link #backward} and read {@link #gradient}, or take a {@link #step}.");
        line(0, " */");
    }

    private static String version() {
        String v = JavaTrainer.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private void constants() {
        line(1, "/** The dims, in the order the constructor takes their sizes. */");
        line(1, "public static final List<String> DIMS = List.of(" + literals(dimNames()) + ");");
        line(1, "/** The trained parameters, in the order of the train statement. */");
        line(1, "public static final List<String> PARAMETERS = List.of(" + literals(names(parameters)) + ");");
        line(1, "/** The inputs and targets, in declaration order. */");
        line(1, "public static final List<String> DATA = List.of(" + literals(names(data)) + ");");
        line(0, "");
    }

    private List<String> dimNames() {
        List<String> out = new ArrayList<>();
        program.dims().forEach(d -> out.add(d.name()));
        return out;
    }

    private static List<String> names(List<Tensor> ts) {
        List<String> out = new ArrayList<>();
        ts.forEach(t -> out.add(t.name()));
        return out;
    }

    private static String literals(List<String> names) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(JavaText.literal(n)));
        return String.join(", ", out);
    }

    private void storageFields(List<Tensor> temporaries, Set<Tensor> scalars) {
        for (Dim d : program.dims()) {
            Symbol s = source.symbol(d.name());
            if (s != null) {
                comment(1, s.span());
            } else {
                line(1, "// the number of samples in a minibatch");
            }
            line(1, "private final int " + dimFields.get(d) + ";");
        }
        line(0, "");
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                comment(1, spanOf(t));
                line(1, "private final double[] " + field(t) + ";");
                if (mirrors.containsKey(t)) {
                    line(1, "private final double[][] " + mirrors.get(t) + "; // its rows, copied in by forward()");
                }
            }
        }
        line(0, "");
        for (Definition d : forward) {
            declare(d.tensor(), scalars);
        }
        for (Definition d : backward) {
            declare(d.tensor(), scalars);
        }
        for (Definition d : extras) {
            declare(d.tensor(), scalars);
        }
        for (Tensor p : parameters) {
            if (program.adjointOf(p) == null) {
                line(1, "// the objective does not depend on " + JavaText.comment(p.name()) + ": its gradient is 0");
                line(1, "private final double[] " + zeroGradient(p) + ";");
            }
        }
        if (!deferred.isEmpty()) {
            line(1, "// backward() leaves the gradients step() can take without storing them, until asked for");
            line(1, "private boolean " + pending + ";");
            line(1, "// set by gradient(): from then on backward() stores every gradient");
            line(1, "private boolean " + eager + ";");
            for (Map.Entry<Tensor, String> m : snapshots.entrySet()) {
                line(1, "private final double[] " + m.getValue() + "; // " + JavaText.comment(m.getKey().name())
                        + " as the last backward() saw it");
            }
        }
        if (!temporaries.isEmpty()) {
            line(1, "// computed once per pass and read by name after that");
        }
        for (Tensor t : temporaries) {
            declare(t, scalars);
        }
    }

    private final Map<Tensor, String> zeros = new IdentityHashMap<>();

    private String zeroGradient(Tensor p) {
        return zeros.computeIfAbsent(p, t -> names.fresh("zero_gradient_" + field(t)));
    }

    private void declare(Tensor t, Set<Tensor> scalars) {
        line(1, scalars.contains(t) ? "private double " + field(t) + ";"
                : (rows.contains(t) ? "private final double[][] " : "private final double[] ") + field(t) + ";");
        if (flat.containsKey(t)) {
            line(1, "private final double[] " + flat.get(t) + "; // " + JavaText.comment(t.name()) + " row-major, for gradient()");
        }
    }

    private void constructors(List<Tensor> temporaries, Set<Tensor> scalars) {
        List<Dim> dims = program.dims();
        line(0, "");
        line(1, "/** A network with the given sizes of {@link #DIMS}, every value 0 but the fixed consts'. */");
        line(1, "public " + options.className() + "(int... sizes) {");
        line(2, "if (sizes.length != " + dims.size() + ") {");
        line(3, "throw new IllegalArgumentException(\"expected the sizes of \" + DIMS + \", given \" + sizes.length);");
        line(2, "}");
        for (int k = 0; k < dims.size(); k++) {
            line(2, "this." + dimFields.get(dims.get(k)) + " = positive(" + k + ", sizes[" + k + "]);");
        }
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                line(2, "this." + field(t) + " = new double[" + elements(t) + "];");
                if (mirrors.containsKey(t)) {
                    line(2, "this." + mirrors.get(t) + " = " + allocation(t, true) + ";");
                }
            }
        }
        List<Tensor> arrays = new ArrayList<>();
        forward.forEach(d -> arrays.add(d.tensor()));
        backward.forEach(d -> arrays.add(d.tensor()));
        extras.forEach(d -> arrays.add(d.tensor()));
        arrays.addAll(temporaries);
        for (Tensor t : arrays) {
            if (!scalars.contains(t)) {
                line(2, "this." + field(t) + " = " + allocation(t, rows.contains(t)) + ";");
            }
            if (flat.containsKey(t)) {
                line(2, "this." + flat.get(t) + " = " + allocation(t, false) + ";");
            }
        }
        for (Map.Entry<Tensor, String> m : snapshots.entrySet()) {
            line(2, "this." + m.getValue() + " = new double[" + elements(m.getKey()) + "];");
        }
        for (Tensor p : zeros.keySet()) {
            line(2, "this." + zeros.get(p) + " = new double[" + elements(p) + "];");
        }
        for (Tensor c : consts) {
            LeafSymbol s = (LeafSymbol) source.symbol(program.origin(c).name());
            if (s != null && s.fixedValue() != null) {
                line(2, "java.util.Arrays.fill(" + field(c) + ", " + LoopNest.literal(
                        dev.nabla.sema.Lowering.exact(s.fixedValue())) + "); // const " + JavaText.comment(c.name())
                        + " = " + JavaText.comment(s.fixedValue().toPlainString()));
            }
        }
        line(1, "}");
        line(0, "");
        line(1, "/** A network with the sizes of its dims by name; a dim with a default in the file may be left out. */");
        line(1, "public " + options.className() + "(Map<String, Integer> sizes) {");
        line(2, "this(sizes(sizes));");
        line(1, "}");
        line(0, "");
        line(1, "private static int[] sizes(Map<String, Integer> sizes) {");
        line(2, "for (String name : sizes.keySet()) {");
        line(3, "if (!DIMS.contains(name)) {");
        line(4, "throw new IllegalArgumentException(\"no dim '\" + name + \"'; the dims are \" + DIMS);");
        line(3, "}");
        line(2, "}");
        line(2, "int[] out = new int[" + dims.size() + "];");
        for (int k = 0; k < dims.size(); k++) {
            Symbol s = source.symbol(dims.get(k).name());
            Integer fallback = s instanceof DimSymbol ? ((DimSymbol) s).defaultSize() : null;
            String lit = JavaText.literal(dims.get(k).name());
            if (fallback != null) {
                line(2, "out[" + k + "] = sizes.getOrDefault(" + lit + ", " + fallback + ");");
            } else {
                line(2, "if (!sizes.containsKey(" + lit + ")) {");
                line(3, "throw new IllegalArgumentException(\"no size given for dim \" + " + lit + ");");
                line(2, "}");
                line(2, "out[" + k + "] = sizes.get(" + lit + ");");
            }
        }
        line(2, "return out;");
        line(1, "}");
        line(0, "");
        line(1, "private static int positive(int k, int size) {");
        line(2, "if (size < 1) {");
        line(3, "throw new IllegalArgumentException(\"the size of dim \" + DIMS.get(k) + \" must be at least 1, not \" + size);");
        line(2, "}");
        line(2, "return size;");
        line(1, "}");
        line(0, "");
        line(1, "/** The number of elements of a tensor of these sizes, refused beyond an array's reach. */");
        line(1, "private static int elements(int... sizes) {");
        line(2, "int n = 1;");
        line(2, "for (int s : sizes) {");
        line(3, "n = Math.multiplyExact(n, s);");
        line(2, "}");
        line(2, "return n;");
        line(1, "}");
    }

    private String allocation(Tensor t, boolean asRows) {
        if (!asRows) {
            return "new double[" + elements(t) + "]";
        }
        List<String> outer = new ArrayList<>();
        for (Dim d : t.shape().subList(0, t.rank() - 1)) {
            outer.add(dimFields.get(d));
        }
        return "new double[elements(" + String.join(", ", outer) + ")][" + dimFields.get(t.shape().get(t.rank() - 1)) + "]";
    }

    private String elements(Tensor t) {
        List<String> sizes = new ArrayList<>();
        for (Dim d : t.shape()) {
            sizes.add(dimFields.get(d));
        }
        return sizes.isEmpty() ? "1" : "elements(" + String.join(", ", sizes) + ")";
    }

    private void method(Definition d, List<Kernel> kernels, LoopNest.Storage storage) {
        line(0, "");
        String early = computedEarly.get(d.tensor());
        Tensor variable = program.variableOf(d.tensor());
        Tensor origin = program.origin(d.tensor());
        DefinitionSymbol own = origin == null ? null
                : source.symbol(origin.name()) instanceof DefinitionSymbol ? (DefinitionSymbol) source.symbol(origin.name())
                : null;
        if (variable != null) {
            SourceSpan at = spanOf(variable);
            line(1, "// adjoint of " + JavaText.comment(variable.name())
                    + (at == null ? "" : " (" + JavaText.comment(at.file()) + ":" + at.line() + ")") + ": "
                    + JavaText.comment(Printer.print(d)));
        } else if (own != null && own.definition().span() != null) {
            comment(1, own.definition().span());
            if (program.transformed(d)) {
                line(1, "//   computed as " + JavaText.comment(Printer.print(d)));
            }
        } else {
            line(1, "// " + JavaText.comment(Printer.print(d)));
        }
        if (early != null) {
            line(1, "//   computed by " + early + "(), which needed the same values first");
            return;
        }
        List<String> bodies = new ArrayList<>();
        int length = 0;
        for (Kernel k : kernels) {
            String body = LoopNest.emit(k, storage, names, kernels.size() > 1 ? "            " : "        ");
            bodies.add(body);
            length += body.length();
        }
        String name = field(d.tensor());
        if (length <= SPLIT_AT || kernels.size() == 1) {
            line(1, "private void " + name + "() {");
            for (int k = 0; k < kernels.size(); k++) {
                if (kernels.size() > 1) {
                    kernelComment(2, kernels.get(k));
                    line(2, "{");
                }
                out.append(bodies.get(k));
                if (kernels.size() > 1) {
                    line(2, "}");
                }
            }
            line(1, "}");
            return;
        }
        // too much for one method that HotSpot still compiles well: a method per kernel
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < kernels.size(); k++) {
            parts.add(names.fresh(name + "_" + (k + 1)));
        }
        line(1, "private void " + name + "() {");
        parts.forEach(part -> line(2, part + "();"));
        line(1, "}");
        for (int k = 0; k < kernels.size(); k++) {
            line(0, "");
            kernelComment(1, kernels.get(k));
            line(1, "private void " + parts.get(k) + "() {");
            out.append(bodies.get(k).replaceAll("(?m)^    ", ""));
            line(1, "}");
        }
    }

    private void kernelComment(int indent, Kernel k) {
        if (k.comment() != null) {
            line(indent, "// " + JavaText.comment(field(k.target()) + " = " + k.comment()));
        }
    }

    private void update(Map<Tensor, List<Kernel>> kernels, LoopNest.Storage seen) {
        line(0, "");
        line(1, "// ---- update: plain gradient descent, p -= eta * dE/dp");
        line(0, "");
        line(1, "@Override");
        line(1, "public void step(double eta) {");
        for (Tensor p : parameters) {
            Tensor g = program.adjointOf(p);
            if (g == null) {
                continue;
            }
            if (deferred.containsKey(g)) {
                line(2, "if (" + pending + ") {");
                line(3, deferred.get(g) + "(eta);");
                line(2, "} else {");
                line(3, "final double[] p = this." + field(p) + ", g = this." + field(g) + ";");
                line(3, "for (int k = 0; k < p.length; k++) {");
                line(4, "p[k] -= eta * g[k];");
                line(3, "}");
                line(2, "}");
                continue;
            }
            line(2, "{");
            line(3, "final double[] p = this." + field(p) + ", g = this." + flat.getOrDefault(g, field(g)) + ";");
            line(3, "for (int k = 0; k < p.length; k++) {");
            line(4, "p[k] -= eta * g[k];");
            line(3, "}");
            line(2, "}");
        }
        line(1, "}");
        for (Map.Entry<Tensor, String> e : deferred.entrySet()) {
            Tensor g = e.getKey();
            Tensor p = program.variableOf(g);
            Kernel own = kernels.get(g).get(0);
            line(0, "");
            line(1, "// " + JavaText.comment(p.name() + " -= eta * (" + Printer.print(graph.definition(g).body())
                    + ")") + ": the step, without storing the gradient");
            line(1, "private void " + e.getValue() + "(double eta) {");
            Kernel descent = new Kernel(p, own.out(), List.of(), Kernel.Reduction.NONE, own.value(), null);
            Names scope = names.child();
            scope.take("eta");
            out.append(LoopNest.emitDescent(descent, seen, scope, "        ", "eta"));
            line(1, "}");
        }
    }

    /**
     * The gradients that step() can take without storing them: a parameter's adjoint computed
     * element by element (no sum of its own), reading no parameter (so an update cannot change
     * it) and read by no other definition. backward() leaves them for later, with a copy of the
     * data they read; gradient() and loss() compute them first.
     */
    private void chooseDeferred(Map<Tensor, List<Kernel>> kernels) {
        if (program.batchDim() != null) {
            return;
        }
        Set<Tensor> read = new HashSet<>();
        for (Definition d : forward) {
            read.addAll(Tensors.referenced(d.body()));
        }
        for (Definition d : backward) {
            read.addAll(Tensors.referenced(d.body()));
        }
        for (Tensor p : parameters) {
            Tensor g = program.adjointOf(p);
            if (g == null || read.contains(g) || deferred.containsKey(g)) {
                continue;
            }
            List<Kernel> ks = kernels.get(g);
            Set<Tensor> uses = Tensors.referenced(graph.definition(g).body());
            if (ks.size() != 1 || ks.get(0).reduction() != Kernel.Reduction.NONE
                    || uses.stream().anyMatch(t -> t.kind() == Tensor.Kind.PARAM)) {
                continue;
            }
            deferred.put(g, names.fresh("descend_" + field(p)));
            for (Tensor t : uses) {
                if (t.isLeaf() && !snapshots.containsKey(t)) {
                    snapshots.put(t, names.fresh(field(t) + "_seen"));
                }
            }
        }
        if (!deferred.isEmpty()) {
            pending = names.fresh("pending");
            eager = names.fresh("eager");
            materialize = names.fresh("gradients");
        }
    }

    private void network(Set<Tensor> scalars) {
        line(0, "");
        line(1, "// ---- Network");
        line(0, "");
        line(1, "@Override");
        line(1, "public List<String> dims() {");
        line(2, "return DIMS;");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public int size(String dim) {");
        line(2, "switch (dim) {");
        for (Dim d : program.dims()) {
            line(3, "case " + JavaText.literal(d.name()) + ": return " + dimFields.get(d) + ";");
        }
        line(3, "default: throw unknown(\"dim\", dim);");
        line(2, "}");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public List<String> parameters() {");
        line(2, "return PARAMETERS;");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public List<String> data() {");
        line(2, "return DATA;");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public int[] shape(String leaf) {");
        line(2, "switch (leaf) {");
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                List<String> sizes = new ArrayList<>();
                t.shape().forEach(d -> sizes.add(dimFields.get(d)));
                line(3, "case " + JavaText.literal(t.name()) + ": return new int[] {" + String.join(", ", sizes) + "};");
            }
        }
        line(3, "default: throw unknown(\"leaf\", leaf);");
        line(2, "}");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public double[] values(String leaf) {");
        line(2, "switch (leaf) {");
        for (Tensor t : graph.tensors()) {
            if (t.isLeaf()) {
                line(3, "case " + JavaText.literal(t.name()) + ": return " + field(t) + ";");
            }
        }
        line(3, "default: throw unknown(\"leaf\", leaf);");
        line(2, "}");
        line(1, "}");
        line(0, "");
        String objective = field(program.objective());
        line(1, "@Override");
        line(1, "public double loss() {");
        if (!deferred.isEmpty()) {
            line(2, "if (" + pending + ") {");
            line(3, materialize + "();");
            line(2, "}");
        }
        line(2, "forward();");
        line(2, "return " + objective + ";");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public double backward() {");
        line(2, "forward();");
        line(2, "backpropagate();");
        if (!deferred.isEmpty()) {
            line(2, pending + " = true;");
            line(2, "if (" + eager + ") {");
            line(3, materialize + "();");
            line(2, "}");
        }
        line(2, "return " + objective + ";");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public double[] gradient(String parameter) {");
        if (!deferred.isEmpty()) {
            line(2, eager + " = true;");
            line(2, "if (" + pending + ") {");
            line(3, materialize + "();");
            line(2, "}");
        }
        line(2, "switch (parameter) {");
        for (Tensor p : parameters) {
            Tensor g = program.adjointOf(p);
            line(3, "case " + JavaText.literal(p.name()) + ": return " + (g == null ? zeros.get(p)
                    : flat.getOrDefault(g, field(g))) + ";");
        }
        line(3, "default: throw unknown(\"parameter\", parameter);");
        line(2, "}");
        line(1, "}");
        line(0, "");
        if (!mirrors.isEmpty() || !flat.isEmpty() || !rows.isEmpty()) {
            line(1, "private static void toRows(double[] flat, double[][] rows) {");
            line(2, "for (int r = 0; r < rows.length; r++) {");
            line(3, "System.arraycopy(flat, r * rows[r].length, rows[r], 0, rows[r].length);");
            line(2, "}");
            line(1, "}");
            line(0, "");
            line(1, "private static void toFlat(double[][] rows, double[] flat) {");
            line(2, "for (int r = 0; r < rows.length; r++) {");
            line(3, "System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);");
            line(2, "}");
            line(1, "}");
            line(0, "");
        }
        outputs(scalars);
        line(1, "private static IllegalArgumentException unknown(String what, String name) {");
        line(2, "return new IllegalArgumentException(\"no \" + what + \" '\" + name + \"' in this network\");");
        line(1, "}");
    }

    private void outputs(Set<Tensor> scalars) {
        List<Definition> outputs = program.outputs();
        line(1, "@Override");
        line(1, "public List<String> outputs() {");
        line(2, "return List.of(" + literals(names(outputs.stream().map(Definition::tensor).toList())) + ");");
        line(1, "}");
        line(0, "");
        line(1, "@Override");
        line(1, "public double[] output(String node) {");
        if (!deferred.isEmpty()) {
            line(2, "if (" + pending + ") {");
            line(3, materialize + "();");
            line(2, "}");
        }
        line(2, "forward();");
        if (!extras.isEmpty()) {
            line(2, others + "();");
        }
        line(2, "switch (node) {");
        for (Definition d : outputs) {
            Tensor t = d.tensor();
            String value;
            if (scalars.contains(t)) {
                value = "new double[] {" + field(t) + "}";
            } else if (rows.contains(t)) {
                value = "flat(" + field(t) + ")";
            } else {
                value = field(t);
            }
            line(3, "case " + JavaText.literal(t.name()) + ": return " + value + ";");
        }
        line(3, "default: throw unknown(\"output\", node);");
        line(2, "}");
        line(1, "}");
        line(0, "");
        if (!rows.isEmpty()) {
            line(1, "private static double[] flat(double[][] rows) {");
            line(2, "double[] out = new double[rows.length == 0 ? 0 : rows.length * rows[0].length];");
            line(2, "toFlat(rows, out);");
            line(2, "return out;");
            line(1, "}");
            line(0, "");
        }
    }

    // ---- comments --------------------------------------------------------------------------

    private SourceSpan spanOf(Tensor t) {
        Tensor o = program.origin(t);
        Symbol s = o == null ? null : source.symbol(o.name());
        if (s instanceof DefinitionSymbol) {
            return ((DefinitionSymbol) s).definition().span();
        }
        return s == null ? null : s.span();
    }

    /** {@code // file:line: text} for the source lines a span covers. */
    private void comment(int indent, SourceSpan span) {
        if (span == null) {
            return;
        }
        if (span.line() == lastCommented) {
            // the next item of the same declaration line: said once above the first
            return;
        }
        lastCommented = span.line();
        SourceFile file = source.source();
        for (int n = span.line(); n <= Math.max(span.line(), span.endLine()); n++) {
            line(indent, "// " + JavaText.comment(file.name()) + ":" + n + ": " + JavaText.comment(file.line(n).strip()));
        }
    }

    private void line(int indent, String text) {
        if (text.isEmpty()) {
            lastCommented = -1;
        } else {
            out.append("    ".repeat(indent));
        }
        out.append(text).append('\n');
    }
}
