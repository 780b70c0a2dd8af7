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
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                err.println(p + ": error: no such file or folder");
                code[0] = Main.BAD_INPUT;
            } else if (Files.isDirectory(p)) {
                int before = files.size();
                try {
                    files.addAll(Nabla.filesUnder(p));
                } catch (IOException | java.io.UncheckedIOException e) {
                    err.println(p + ": error: cannot list folder: " + e.getMessage());
                    code[0] = Main.BAD_INPUT;
                }
                if (files.size() == before) {
                    // a wrong path in a CI script must not pass silently
                    err.println(p + ": error: no .nabla files in this folder");
                    code[0] = Main.BAD_INPUT;
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }
}
