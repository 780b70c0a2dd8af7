package dev.nabla.train;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.autodiff.Model;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;
import dev.nabla.runtime.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one place that decides which implementation of {@link Network} the trainer runs. */
public final class Networks {
    private Networks() {
    }

    /**
     * The networks {@code train} and {@code predict} use for a formula file, trained in the given
     * mode (a compiled trainer batches a per-sample file for minibatches).
     */
    public static NetworkFactory forFile(FormulaFile file, Mode mode) {
        return evaluated(file);
    }

    /** Networks on nabla's IR evaluator: the reference implementation, slow. */
    public static NetworkFactory evaluated(FormulaFile file) {
        Model model = file.model();
        Tensor objective = model.lowering().tensor(file.objective());
        List<Tensor> parameters = new ArrayList<>();
        for (String p : file.parameters()) {
            parameters.add(model.lowering().tensor(p));
        }
        Adjoints adjoints = model.reverseMode().adjoints(Ir.access(objective, List.of()));
        List<Dim> dims = new ArrayList<>(model.lowering().dims().values());
        EvaluatedNetwork.Program program = new EvaluatedNetwork.Program(model.graph(), dims, objective, parameters,
                adjoints);
        FormulaFile.Layout layout = file.layout();
        return new NetworkFactory() {
            @Override
            public FormulaFile.Layout layout() {
                return layout;
            }

            @Override
            public Network create(Map<String, Integer> sizes) {
                return new EvaluatedNetwork(program, sizes);
            }
        };
    }
}
