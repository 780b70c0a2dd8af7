package dev.nabla.autodiff;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.sema.Program;
import dev.nabla.sema.Resolver;
import dev.nabla.syntax.Ast;
import dev.nabla.syntax.Parser;
import dev.nabla.syntax.SourceLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class ScratchTest {
    @Test
    void scratch() {
        Diagnostics diags = new Diagnostics();
        SourceFile src = SourceLoader.read(Path.of("derivations/ch5-bp.nabla"), diags);
        Ast.NablaFile f = Parser.parse(src, diags);
        Program p = Resolver.resolve(src, f, diags);
        System.out.println(diags.render());
        Model m = new Model(p);
        Adjoints a = m.reverseMode().adjoints(dev.nabla.ir.Ir.access(m.lowering().tensor("E")));
        for (Definition d : a.definitions()) System.out.println(d);
        for (Ast.Statement s : f.statements()) {
            if (s instanceof Ast.Derive) {
                Ast.Derive dv = (Ast.Derive) s;
                for (int k = 0; k + 1 < dv.steps().size(); k++) {
                    System.out.println("step " + k + ": " + m.lower(dv.steps().get(k)) + " == " + m.lower(dv.steps().get(k + 1)) + " proved=" + new dev.nabla.verify.CanonicalForm(m.graph()).provesEqual(m.lower(dv.steps().get(k)), m.lower(dv.steps().get(k + 1))));
                }
            }
            if (s instanceof Ast.Claim) {
                Ast.Claim c = (Ast.Claim) s;
                System.out.println(c.label().text() + ": " + m.lower(c.lhs()) + "  ==  " + m.lower(c.rhs()) + "  proved=" + new dev.nabla.verify.CanonicalForm(m.graph()).provesEqual(m.lower(c.lhs()), m.lower(c.rhs())));
            }
        }
    }
}
