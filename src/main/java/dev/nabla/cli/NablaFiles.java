package dev.nabla.cli;

import dev.nabla.api.Nabla;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code .nabla} files that command-line paths name: files as given, folders searched recursively. */
final class NablaFiles {
    private NablaFiles() {
    }

    /** The files, sorted within each folder; a missing path or a folder without any is reported and makes the code BAD_INPUT. */
    static List<Path> collect(List<Path> paths, PrintWriter err, int[] code) {
        return collect(paths, err, code, new java.util.LinkedHashMap<>());
    }

    /** As {@link #collect(List, PrintWriter, int[])}, also giving each path that names no file what is wrong with it. */
    static List<Path> collect(List<Path> paths, PrintWriter err, int[] code, java.util.Map<Path, String> problems) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                problem(p, "no such file or folder", err, code, problems);
            } else if (Files.isDirectory(p)) {
                int before = files.size();
                try {
                    files.addAll(Nabla.filesUnder(p));
                } catch (IOException | java.io.UncheckedIOException e) {
                    problem(p, "cannot list folder: " + e.getMessage(), err, code, problems);
                }
                if (files.size() == before) {
                    // a wrong path in a CI script must not pass silently
                    problem(p, "no .nabla files in this folder", err, code, problems);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static void problem(Path p, String what, PrintWriter err, int[] code, java.util.Map<Path, String> problems) {
        err.println(p + ": error: " + what);
        code[0] = Main.BAD_INPUT;
        problems.putIfAbsent(p, what);
    }
}
