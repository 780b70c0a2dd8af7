package dev.nabla.junit;

import dev.nabla.api.LoadedFile;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;

import java.nio.file.Path;

/** One {@code .nabla} file: the container of its checks. */
final class FileDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "file";

    private final LoadedFile file;

    FileDescriptor(UniqueId id, String name, Path path, LoadedFile file) {
        super(id, name, FileSource.from(path.toFile()));
        this.file = file;
    }

    LoadedFile file() {
        return file;
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
