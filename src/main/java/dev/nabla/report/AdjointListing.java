package dev.nabla.report;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.autodiff.Model;
import dev.nabla.codegen.TrainingProgram;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Printer;
import dev.nabla.ir.Tensor;
import dev.nabla.latex.IrLatex;
import dev.nabla.latex.Notation;
import dev.nabla.sema.DefinitionSymbol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The adjoint program of one definition, as {@code nabla grad} prints it: the adjoints of
 * other passes that its {@code diff}s stand for, grouped by pass, then its own definitions,
 * from the objective back to the leaves, and the variables it does not depend on.
 *
 * @param adjoints   the pass of the definition itself
 * @param sections   the definitions by pass: those used through diff first, the pass's own last
 * @param unrelated  the requested variables whose adjoint is 0
 * @param passOf     the pass that derived each adjoint tensor the program uses (null for other tensors)
 */
public record AdjointListing(Adjoints adjoints, List<Section> sections, List<Tensor> unrelated,
                             Function<Tensor, Adjoints> passOf) {

    /** One pass's definitions. */
    public record Section(Adjoints pass, List<Definition> definitions) {
    }

    /** The adjoint program of {@code of} with respect to {@code wanted}. */
    public static AdjointListing derive(Model model, DefinitionSymbol of, List<Tensor> wanted) {
        Tensor target = model.lowering().tensor(of.name());
        Adjoints adjoints;
        List<Definition> program;
        Function<Tensor, Adjoints> passOf;
        if (of.indices().isEmpty()) {
            // a scalar objective: the same program a trainer generated for it runs (stable forms included)
            TrainingProgram training = TrainingProgram.derive(model, target, wanted, TrainingProgram.Options.NONE);
            adjoints = training.adjoints();
            program = training.backward();
            passOf = t -> {
                Adjoints own = training.reverseMode().passOf(t);
                return own != null ? own : model.reverseMode().passOf(t);
            };
        } else {
            adjoints = model.reverseMode().adjoints(Ir.access(target, model.lowering().indices(of)));
            program = adjoints.programFor(wanted);
            passOf = model.reverseMode()::passOf;
        }
        List<Section> sections = new ArrayList<>();
        for (Definition def : model.reverseMode().support(adjoints, program)) {
            Adjoints owner = model.reverseMode().passOf(def.tensor());
            if (sections.isEmpty() || sections.get(sections.size() - 1).pass() != owner) {
                sections.add(new Section(owner, new ArrayList<>()));
            }
            sections.get(sections.size() - 1).definitions().add(def);
        }
        sections.add(new Section(adjoints, program));
        List<Tensor> unrelated = new ArrayList<>();
        for (Tensor t : wanted) {
            if (adjoints.byVariable().get(t) == null) {
                unrelated.add(t);
            }
        }
        return new AdjointListing(adjoints, sections, unrelated, passOf);
    }

    /** What {@code nabla grad} prints: {@code .nabla} definitions under comments. */
    public String text(String file) {
        StringBuilder out = new StringBuilder();
        out.append("# adjoint program of ").append(Printer.print(adjoints.function())).append(" from ").append(file)
                .append(", derived by reverse mode\n");
        for (Section s : sections) {
            if (s.pass() != adjoints) {
                out.append("# used through diff: adjoints of ").append(Printer.print(s.pass().function())).append('\n');
            } else if (sections.size() > 1) {
                out.append("# adjoints of ").append(Printer.print(adjoints.function())).append('\n');
            }
            for (Definition d : s.definitions()) {
                out.append(Printer.print(d)).append('\n');
            }
        }
        for (Tensor t : unrelated) {
            out.append("# ").append(functionName()).append(" does not depend on ").append(t.name())
                    .append(": its adjoint is 0\n");
        }
        return out.toString();
    }

    /** The differentiated definition's name. */
    public String functionName() {
        Expr f = adjoints.function();
        return f instanceof Expr.Access ? ((Expr.Access) f).tensor().name() : Printer.print(f);
    }

    /** A renderer of this program's IR that writes its adjoint tensors as derivatives. */
    public IrLatex latex(Notation notation) {
        return new IrLatex(notation, passOf);
    }

    /** The same program in LaTeX: one {@code aligned} block per pass, adjoints as partial derivatives. */
    public String latex(String file, Notation notation) {
        IrLatex ir = latex(notation);
        StringBuilder out = new StringBuilder();
        out.append("% adjoint program of ").append(Printer.print(adjoints.function())).append(" from ").append(file)
                .append(", derived by reverse mode\n");
        for (Section s : sections) {
            if (s.pass() != adjoints) {
                out.append("% used through diff: adjoints of ").append(Printer.print(s.pass().function())).append('\n');
            }
            out.append(aligned(ir, s.definitions())).append('\n');
        }
        for (Tensor t : unrelated) {
            out.append("% ").append(functionName()).append(" does not depend on ").append(t.name())
                    .append(": its adjoint is 0\n");
        }
        return out.toString();
    }

    /** Definitions as the lines of an {@code aligned} block, aligned at their equals signs. */
    public static String aligned(IrLatex ir, List<Definition> definitions) {
        List<String> lines = new ArrayList<>();
        for (Definition d : definitions) {
            lines.add(ir.lhs(d) + " &= " + ir.expr(d.body()));
        }
        return "\\begin{aligned}\n" + String.join(" \\\\\n", lines) + "\n\\end{aligned}";
    }
}
