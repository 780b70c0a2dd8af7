package dev.nabla.sema;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Wording shared by several checks, so that one kind of problem always reads the same. */
final class Messages {
    private Messages() {
    }

    static String undeclared(String name) {
        return "undeclared name '" + name + "'";
    }

    /** {@code 'w' takes 2 indices ([q, l]) but 1 was given}; a scalar reads {@code 'E' is a scalar ...}. */
    static String wrongIndexCount(String name, List<DimSymbol> shape, int given) {
        String givenText = given == 0 ? "none were given" : given == 1 ? "1 was given" : given + " were given";
        if (shape.isEmpty()) {
            return "'" + name + "' is a scalar and takes no indices, but " + givenText;
        }
        return "'" + name + "' takes " + indexCount(shape.size()) + " (" + dims(shape) + ") but " + givenText;
    }

    static String indexCount(int n) {
        return n == 1 ? "1 index" : n + " indices";
    }

    /** {@code [q, l]}; a dim not known because of an earlier error shows as {@code ?}. */
    static String dims(List<DimSymbol> shape) {
        return shape.stream().map(d -> d == null ? "?" : d.name()).collect(Collectors.joining(", ", "[", "]"));
    }

    static String names(Collection<String> names) {
        return names.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    static String differentFreeIndices(Collection<String> left, Collection<String> right) {
        return "the two sides have different free indices: " + names(left) + " and " + names(right);
    }

    static String noSlot(String index) {
        return "index '" + index + "' occupies no slot, so its range is unknown";
    }

    static String kindOf(Declarations.Kind kind, LeafSymbol leaf) {
        switch (kind) {
            case DIM: return "a dim";
            case DEFINITION: return "a definition";
            default: return articled(leaf.kind().keyword());
        }
    }

    static String articled(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }
}
