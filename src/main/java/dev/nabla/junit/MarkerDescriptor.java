package dev.nabla.junit;

import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;

/** A class marked {@link Derivations}: the container of its files, with the class as its source. */
final class MarkerDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "class";

    MarkerDescriptor(UniqueId id, Class<?> marker) {
        // build tools name every test after the class of the nearest ClassSource; without one Surefire drops them
        super(id, marker.getSimpleName(), ClassSource.from(marker));
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }
}
