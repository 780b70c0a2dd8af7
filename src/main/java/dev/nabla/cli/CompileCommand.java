package dev.nabla.cli;

import dev.nabla.codegen.JavaTrainer;
import dev.nabla.codegen.TrainingProgram;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import dev.nabla.sema.Lowering;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nabla compile FILE -o DIR}: the Java source of a trainer for the file's train statement. */
@Command(name = "compile", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Write the Java source of a trainer for the file's train statement.",
                "The trainer runs the forward pass, the adjoint program `nabla grad` prints and the",
                "update; it compiles with `javac -cp nabla.jar` and implements dev.nabla.runtime.Network."})
final class CompileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .nabla file with a train statement.")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The source root to write DIR/<package path>/<class>.java into.")
    Path output;

    @Option(names = "--package", paramLabel = "P", description = "The Java package (default: none).")
    String packageName;

    @Option(names = "--class", paramLabel = "C", description = "The class name (default: from the file name, ch5-bp.nabla -> Ch5Bp).")
    String className;

    @Option(names = "--lambda", paramLabel = "L",
            description = {"Regularise as in (5.17): minimise L * E + (1 - L) * the sum of the squares",
                    "of every trained parameter, L in [0, 1]."})
    BigDecimal lambda;

    @Option(names = "--batch", description = {"Batch a per-sample file over a leading dim N of samples; the",
            "objective becomes the mean of E over the minibatch."})
    boolean batch;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = className != null ? className : classNameFor(file);
        if (!JavaTrainer.isQualifiedName(name) || name.contains(".")) {
            err.println("nabla compile: --class '" + name + "' is not a Java class name (ASCII letters, digits, _ and $, "
                    + "not a keyword)");
            return Main.BAD_INPUT;
        }
        if (packageName != null && !JavaTrainer.isQualifiedName(packageName)) {
            err.println("nabla compile: --package '" + packageName + "' is not a Java package name");
            return Main.BAD_INPUT;
        }
        if (lambda != null && (lambda.signum() < 0 || lambda.compareTo(BigDecimal.ONE) > 0)) {
            err.println("nabla compile: --lambda must lie in [0, 1], not " + lambda.toPlainString());
            return Main.BAD_INPUT;
        }
        Diagnostics diags = new Diagnostics();
        Program program = Frontend.load(file, diags);
        if (program != null) {
            program.statementErrors().forEach(d -> diags.error(d.span(), d.message()));
            if (program.train() == null) {
                diags.error(SourceSpan.at(program.source().name(), 1, 1),
                        "no train statement: a trainer needs `train minimize E over p1, p2, ...`");
            } else if (!(program.symbol(program.train().objective().text()) instanceof DefinitionSymbol)) {
                diags.error(program.train().objective().span(), "the objective '"
                        + program.train().objective().text() + "' must be a definition, not a leaf");
            }
        }
        if (diags.hasErrors()) {
            err.print(diags.render());
            return Main.BAD_INPUT;
        }
        TrainingProgram training = TrainingProgram.of(program,
                new TrainingProgram.Options(batch, lambda == null ? null : Lowering.exact(lambda)));
        String source = JavaTrainer.emit(training, new JavaTrainer.Options(packageName, name));
        Path dir = packageName == null ? output : output.resolve(packageName.replace('.', '/'));
        Files.createDirectories(dir);
        Path target = dir.resolve(name + ".java");
        Files.writeString(target, source, StandardCharsets.UTF_8);
        out.println("wrote " + target);
        return Main.OK;
    }

    /** ch5-bp.nabla -> Ch5Bp: the ASCII letters and digits of the file name, each word capitalised. */
    static String classNameFor(Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.nabla$", "");
        StringBuilder b = new StringBuilder();
        for (String word : base.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                b.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
            b.insert(0, "Trainer");
        }
        return b.toString();
    }
}
