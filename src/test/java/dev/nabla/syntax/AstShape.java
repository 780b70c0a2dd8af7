package dev.nabla.syntax;

import dev.nabla.diag.SourceSpan;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * A span-free view of an AST for comparisons: every record becomes a list of its type's
 * simple name and its components' shapes, leaving out {@link SourceSpan}s. Numbers stay
 * {@link java.math.BigDecimal}s, so their scale counts (equals, not compareTo).
 */
final class AstShape {
    private AstShape() {
    }

    static Object of(Object node) {
        if (node instanceof List) {
            List<Object> shapes = new ArrayList<>();
            for (Object element : (List<?>) node) {
                shapes.add(of(element));
            }
            return shapes;
        }
        if (node instanceof Record) {
            List<Object> shape = new ArrayList<>();
            shape.add(node.getClass().getSimpleName());
            for (RecordComponent c : node.getClass().getRecordComponents()) {
                if (c.getType() == SourceSpan.class) {
                    continue;
                }
                try {
                    shape.add(of(c.getAccessor().invoke(node)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return shape;
        }
        return node;
    }
}
