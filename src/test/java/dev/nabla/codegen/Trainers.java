package dev.nabla.codegen;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.sema.Frontend;
import dev.nabla.sema.Program;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Formula files to training programs, for the tests. */
final class Trainers {
    private Trainers() {
    }

    static Program program(String name, String text) {
        Diagnostics diags = new Diagnostics();
        Program p = Frontend.load(new SourceFile(name, text), diags);
        if (p == null || diags.hasErrors()) {
            throw new AssertionError(diags.render());
        }
        return p;
    }

    static Program program(Path file) {
        try {
            return program(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TrainingProgram training(Program p, TrainingProgram.Options options) {
        return TrainingProgram.of(p, options);
    }
}
