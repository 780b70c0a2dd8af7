package dev.nabla.ir;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Capture-avoiding substitution, and its cost on shared DAGs. */
class SubstitutionTest {
    static final Dim D = new Dim("d");
    private static final Index I = new Index("i", D);
    private static final Index J = new Index("j", D);
    private static final Index K = new Index("k", D);
    static final Tensor A = new Tensor("a", List.of(D), Tensor.Kind.PARAM);
    static final Tensor B = new Tensor("b", List.of(D), Tensor.Kind.PARAM);

    /**
     * {@code x0 = a[i]}, {@code x(n+1) = sum(k, sigmoid(b[k] + xn)) + sum(k, tanh(b[k] + xn))}:
     * every level's node is shared under two sums, so the DAG has 8 nodes a level and its tree
     * 2^depth times as many.
     */
    static Expr sharedUnderTwoSums(int depth, Subscript free, Index bound) {
        Expr x = Ir.access(A, free);
        for (int n = 0; n < depth; n++) {
            Expr inner = Ir.add(Ir.access(B, bound), x);
            x = Ir.add(Ir.sum(bound, Ir.call(Fn.SIGMOID, inner)), Ir.sum(bound, Ir.call(Fn.TANH, inner)));
        }
        return x;
    }

    @Test
    void renamesFreeIndicesAndLeavesBoundOnesAlone() {
        assertSame(sharedUnderTwoSums(3, J, K), Substitution.rename(sharedUnderTwoSums(3, I, K), I, J));
        assertSame(sharedUnderTwoSums(3, new Position(2), K),
                Substitution.apply(sharedUnderTwoSums(3, I, K), Map.of(I, new Position(2))));
        Expr bound = Ir.sum(K, Ir.call(Fn.EXP, Ir.access(A, K)));
        assertSame(bound, Substitution.rename(bound, K, J));
    }

    @Test
    void renamesABoundIndexThatWouldCaptureTheSubstitute() {
        Expr e = Ir.sum(K, Ir.call(Fn.EXP, Ir.add(Ir.access(A, K), Ir.access(B, I))));
        Index k2 = new Index("k2", D);
        Expr expected = Ir.sum(k2, Ir.call(Fn.EXP, Ir.add(Ir.access(A, k2), Ir.access(B, K))));
        assertSame(expected, Substitution.rename(e, I, K));
    }

    @Test
    void aGraphSharedUnderNestedSumsIsWalkedOnceANode() {
        // 200 levels: the memo lost under each sum made this 2^200 node visits
        Expr e = sharedUnderTwoSums(200, I, K);
        Expr expected = sharedUnderTwoSums(200, J, K);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertSame(expected, Substitution.rename(e, I, J)));
    }

    @Test
    void aCapturingRenameUnderNestedSumsIsWalkedOnceANode() {
        // renaming i to k renames every bound k to k2, and the renamed scopes share one memo too
        Expr e = sharedUnderTwoSums(200, I, K);
        Expr expected = sharedUnderTwoSums(200, K, new Index("k2", D));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertSame(expected, Substitution.rename(e, I, K)));
    }
}
