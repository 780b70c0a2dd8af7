package dev.nabla.train;

import dev.nabla.codegen.CompiledTrainer;
import dev.nabla.codegen.TrainingProgram;
import dev.nabla.ir.Tensor;
import dev.nabla.runtime.Network;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place that decides which implementation of {@link Network} the trainer runs: the
 * trainers {@code nabla compile} generates, compiled in-process, or nabla's IR evaluator. Both run
 * the same {@link TrainingProgram}: the file's forward definitions in their numerically stable
 * forms, batched for minibatches, with the penalty of 5.17 when asked, and the adjoint program
 * reverse mode derived from it.
 */
public final class Networks {
    private Networks() {
    }

    /**
     * The networks {@code train} uses for a formula file, trained in the given mode with the
     * given {@code --lambda} (null for none): compiled trainers, unless this Java has no compiler
     * (a JRE) or {@code evaluator} asks for the reference implementation.
     */
    public static NetworkFactory forFile(FormulaFile file, Mode mode, BigFraction lambda, boolean evaluator) {
        return evaluator || !canCompile() ? evaluated(file, mode, lambda) : compiled(file, mode, lambda);
    }

    /** Whether this Java can compile generated trainers: a JDK, not a JRE. */
    public static boolean canCompile() {
        return javax.tools.ToolProvider.getSystemJavaCompiler() != null;
    }

    /** The networks {@code predict} uses. */
    public static NetworkFactory forPredictions(FormulaFile file) {
        return forFile(file, Mode.STANDARD, null, false);
    }

    /** Generated trainers, compiled in-process (and cached) once per program. */
    public static NetworkFactory compiled(FormulaFile file, Mode mode, BigFraction lambda) {
        TrainingProgram program = program(file, mode, lambda);
        Class<? extends Network> type = CompiledTrainer.compile(program);
        return factory(layout(file, program), sizes -> CompiledTrainer.instantiate(type, sizes));
    }

    /** Networks on nabla's IR evaluator: the reference implementation, exact and slow. */
    public static NetworkFactory evaluated(FormulaFile file, Mode mode, BigFraction lambda) {
        TrainingProgram program = program(file, mode, lambda);
        EvaluatedNetwork.Program evaluated = new EvaluatedNetwork.Program(program.graph(), program.dims(),
                program.objective(), program.variables(), program.adjoints(),
                program.outputs().stream().map(d -> d.tensor()).toList());
        return factory(layout(file, program), sizes -> new EvaluatedNetwork(evaluated, sizes));
    }

    /** A per-sample file is batched when an update sees more than one row. */
    private static TrainingProgram program(FormulaFile file, Mode mode, BigFraction lambda) {
        List<Tensor> variables = new ArrayList<>();
        for (String p : file.parameters()) {
            variables.add(file.model().lowering().tensor(p));
        }
        boolean batch = !file.layout().wholeDataSet() && mode.batch() != 1;
        return TrainingProgram.derive(file.model(), file.model().lowering().tensor(file.objective()), variables,
                new TrainingProgram.Options(batch, lambda));
    }

    /** A batched program holds its samples along the batch dim, as a whole-data-set file does along its own. */
    private static FormulaFile.Layout layout(FormulaFile file, TrainingProgram program) {
        FormulaFile.Layout l = file.layout();
        return program.batchDim() == null ? l : new FormulaFile.Layout(l.input(), l.target(), l.output(),
                program.batchDim().name(), l.featureDim(), l.outputDim());
    }

    private static NetworkFactory factory(FormulaFile.Layout layout, Function<Map<String, Integer>, Network> create) {
        return new NetworkFactory() {
            @Override
            public FormulaFile.Layout layout() {
                return layout;
            }

            @Override
            public Network create(Map<String, Integer> sizes) {
                return create.apply(sizes);
            }

        };
    }
}
