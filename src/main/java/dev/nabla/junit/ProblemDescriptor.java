package dev.nabla.junit;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;

/**
 * A test that fails with what went wrong before any check could be listed: a path that does
 * not exist, a folder without {@code .nabla} files, nabla failing on a file. A wrong path must
 * not pass silently, and discovery must not throw.
 */
final class ProblemDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "path";

    private final Throwable problem;

    ProblemDescriptor(UniqueId id, String name, TestSource source, Throwable problem) {
        super(id, name, source);
        this.problem = problem;
    }

    Throwable problem() {
        return problem;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }
}
