package dev.nabla.sema;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One test per problem the resolver reports: the exact message, position and caret. */
class ResolverErrorsTest {

    private static void assertReports(String source, String expected) {
        assertEquals(expected, Resolving.errors(source));
    }

    // ---- names ------------------------------------------------------------------------

    @Test
    void redefinition() {
        assertReports("""
                dim d
                input x[d]
                param x[d]
                """, """
                t.nabla:3:7: error: redefinition of 'x' (first declared at line 2)
                param x[d]
                      ^
                """);
    }

    @Test
    void redefinitionOfADimByADefinition() {
        assertReports("""
                dim d
                d = 2
                """, """
                t.nabla:2:1: error: redefinition of 'd' (first declared at line 1)
                d = 2
                ^
                """);
    }

    @Test
    void builtinNameDeclared() {
        assertReports("""
                dim exp
                sigmoid = 1
                """, """
                t.nabla:1:5: error: 'exp' is a built-in function; choose another name
                dim exp
                    ^~~
                t.nabla:2:1: error: 'sigmoid' is a built-in function; choose another name
                sigmoid = 1
                ^~~~~~~
                """);
    }

    @Test
    void undeclaredName() {
        assertReports("""
                a = foo + 1
                """, """
                t.nabla:1:5: error: undeclared name 'foo'
                a = foo + 1
                    ^~~
                """);
    }

    @Test
    void anIndexUsedAsAValue() {
        assertReports("""
                dim d
                input x[d]
                a[i] = x[i] * i
                """, """
                t.nabla:3:15: error: 'i' is an index; it can appear only inside [ ] or delta( )
                a[i] = x[i] * i
                              ^
                """);
    }

    @Test
    void shapeNamesAnUndeclaredDim() {
        assertReports("""
                param w[k]
                """, """
                t.nabla:1:9: error: undeclared dim 'k'
                param w[k]
                        ^
                """);
    }

    @Test
    void shapeNamesALeaf() {
        assertReports("""
                dim d
                input x[d]
                param w[x]
                """, """
                t.nabla:3:9: error: 'x' is not a dim; a shape lists dims
                param w[x]
                        ^
                """);
    }

    // ---- references -------------------------------------------------------------------

    @Test
    void tooFewIndices() {
        assertReports("""
                dim q, l
                param w[q, l]
                a[h] = w[h]
                """, """
                t.nabla:3:8: error: 'w' takes 2 indices ([q, l]) but 1 was given
                a[h] = w[h]
                       ^~~~
                """);
    }

    @Test
    void aTensorWithoutIndices() {
        assertReports("""
                dim q, l
                param w[q, l]
                a = w
                """, """
                t.nabla:3:5: error: 'w' takes 2 indices ([q, l]) but none were given
                a = w
                    ^
                """);
    }

    @Test
    void aDefinitionIndexedWrongly() {
        assertReports("""
                dim d
                input x[d]
                s[i] = x[i]
                t[i] = s[i, i]
                """, """
                t.nabla:4:8: error: 's' takes 1 index ([d]) but 2 were given
                t[i] = s[i, i]
                       ^~~~~~~
                """);
    }

    @Test
    void anIndexedScalar() {
        assertReports("""
                dim d
                const c
                a[i] = c[i]
                """, """
                t.nabla:3:8: error: 'c' is a scalar and takes no indices, but 1 was given
                a[i] = c[i]
                       ^~~~
                """);
    }

    @Test
    void anIndexedDim() {
        assertReports("""
                dim d
                input x[d]
                a[i] = d[i] * x[i]
                """, """
                t.nabla:3:8: error: 'd' is a dim; it cannot be indexed
                a[i] = d[i] * x[i]
                       ^~~~
                """);
    }

    // ---- cycles -----------------------------------------------------------------------

    @Test
    void cycleAmongDefinitions() {
        assertReports("""
                dim d
                input x[d]
                a = b + 1
                b = c * 2
                c = a + sum(i, x[i])
                z = c
                """, """
                t.nabla:3:1: error: definitions form a cycle: a -> b -> c -> a
                a = b + 1
                ^
                """);
    }

    @Test
    void cycleThroughTheFunctionOfDiff() {
        assertReports("""
                const c
                a = diff(b, c)
                b = a * c
                """, """
                t.nabla:2:1: error: definitions form a cycle: a -> b -> a
                a = diff(b, c)
                ^
                """);
    }

    @Test
    void definitionUsingItself() {
        assertReports("""
                a = a + 1
                """, """
                t.nabla:1:1: error: definitions form a cycle: a -> a
                a = a + 1
                ^
                """);
    }

    // ---- indices ----------------------------------------------------------------------

    @Test
    void indexOverTwoDims() {
        assertReports("""
                dim d, q
                input x[d]
                param w[q]
                a[i] = x[i] * w[i]
                """, """
                t.nabla:4:17: error: index 'i' ranges over both 'd' and 'q'
                a[i] = x[i] * w[i]
                                ^
                """);
    }

    @Test
    void indicesOnlyInDelta() {
        assertReports("""
                dim d
                a[i, j] = delta(i, j)
                """, """
                t.nabla:2:17: error: index 'i' occupies no slot, so its range is unknown
                a[i, j] = delta(i, j)
                                ^
                t.nabla:2:20: error: index 'j' occupies no slot, so its range is unknown
                a[i, j] = delta(i, j)
                                   ^
                """);
    }

    @Test
    void sumBinderUnused() {
        assertReports("""
                dim d
                input x[d]
                s = sum(i, 1) + sum(j, x[j])
                """, """
                t.nabla:3:9: error: index 'i' occupies no slot, so its range is unknown
                s = sum(i, 1) + sum(j, x[j])
                        ^
                """);
    }

    @Test
    void repeatedSumBinder() {
        assertReports("""
                dim d
                input x[d]
                s = sum(i, i, x[i])
                """, """
                t.nabla:3:12: error: repeated index 'i' in sum
                s = sum(i, i, x[i])
                           ^
                """);
    }

    @Test
    void repeatedLeftHandSideIndex() {
        assertReports("""
                dim d
                param s[d, d]
                a[i, i] = s[i, i]
                """, """
                t.nabla:3:6: error: repeated index 'i' on the left-hand side of 'a'
                a[i, i] = s[i, i]
                     ^
                """);
    }

    @Test
    void deltaAcrossRanges() {
        assertReports("""
                dim d, q
                input x[d]
                param w[q]
                a[i, j] = x[i] * w[j] * delta(i, j)
                """, """
                t.nabla:4:25: error: delta(i, j) relates indices of different ranges: 'i' over 'd' and 'j' over 'q'
                a[i, j] = x[i] * w[j] * delta(i, j)
                                        ^~~~~~~~~~~
                """);
    }

    @Test
    void definitionSidesDisagree() {
        assertReports("""
                dim q, l
                param w[q, l]
                b[j] = w[h, j]
                """, """
                t.nabla:3:1: error: the two sides have different free indices: [j] and [h, j]
                b[j] = w[h, j]
                ^
                """);
    }

    @Test
    void claimSidesDisagree() {
        assertReports("""
                dim d
                input x[d]
                claim "c": x[i] == 1
                """, """
                t.nabla:3:1: error: the two sides have different free indices: [i] and []
                claim "c": x[i] == 1
                ^~~~~~~~~~~~~~~~~~~~
                """);
    }

    @Test
    void deriveStepsDisagree() {
        assertReports("""
                dim d, q
                param v[d, q]
                derive {
                    sum(i, v[i, h])
                  = v[i, h]
                }
                """, """
                t.nabla:5:5: error: the two sides have different free indices: [h] and [i, h]
                  = v[i, h]
                    ^~~~~~~
                """);
    }

    @Test
    void expectSidesDisagree() {
        assertReports("""
                dim d = 2
                input x[d]
                example {
                  x = [1, 2]
                  expect x[i] == 1
                }
                """, """
                t.nabla:5:3: error: the two sides have different free indices: [i] and []
                  expect x[i] == 1
                  ^~~~~~~~~~~~~~~~
                """);
    }

    // ---- functions and diff -----------------------------------------------------------

    @Test
    void unknownFunction() {
        assertReports("""
                a = foo(1)
                """, """
                t.nabla:1:5: error: unknown function 'foo'
                a = foo(1)
                    ^~~
                """);
    }

    @Test
    void tensorCalledAsAFunction() {
        assertReports("""
                dim d
                input x[d]
                a = x(1)
                """, """
                t.nabla:3:5: error: 'x' is not a function; index it with [ ]
                a = x(1)
                    ^
                """);
    }

    @Test
    void builtinWithTwoArguments() {
        assertReports("""
                a = exp(1, 2) + sigmoid'(0) + relu'(0)
                """, """
                t.nabla:1:5: error: 'exp' takes 1 argument but 2 were given
                a = exp(1, 2) + sigmoid'(0) + relu'(0)
                    ^~~
                """);
    }

    @Test
    void diffWithRespectToADim() {
        assertReports("""
                dim d
                const c
                a = diff(c, d)
                """, """
                t.nabla:3:13: error: cannot differentiate with respect to dim 'd'
                a = diff(c, d)
                            ^
                """);
    }

    @Test
    void diffWithRespectToAPartlyIndexedTensor() {
        assertReports("""
                dim q, l
                param w[q, l]
                E = sum(h, j, w[h, j])
                claim c: diff(E, w[h]) == sum(j, w[h, j])
                """, """
                t.nabla:4:18: error: 'w' takes 2 indices ([q, l]) but 1 was given
                claim c: diff(E, w[h]) == sum(j, w[h, j])
                                 ^~~~
                """);
    }

    // ---- domains and dims -------------------------------------------------------------

    @Test
    void emptyAndReversedDomains() {
        assertReports("""
                const a in (1, 1)
                const b in [2, 1]
                const c in (1, 1]
                const ok in [1, 1]
                """, """
                t.nabla:1:9: error: empty domain (1, 1)
                const a in (1, 1)
                        ^~~~~~~~~
                t.nabla:2:9: error: reversed domain [2, 1]
                const b in [2, 1]
                        ^~~~~~~~~
                t.nabla:3:9: error: empty domain (1, 1]
                const c in (1, 1]
                        ^~~~~~~~~
                """);
    }

    @Test
    void constValueOutsideItsDomain() {
        assertReports("""
                const c = 2 in (0, 1)
                const h = -1/2 > 0
                """, """
                t.nabla:1:11: error: value 2 of 'c' is outside its domain (0, 1)
                const c = 2 in (0, 1)
                          ^
                t.nabla:2:11: error: value -0.5 of 'h' is outside its domain > 0
                const h = -1/2 > 0
                          ^~~~
                """);
    }

    @Test
    void constValueThatIsNotAConstant() {
        assertReports("""
                const a
                const b = sigmoid(a)
                const c = log(0)
                """, """
                t.nabla:2:19: error: a value cannot use the name 'a': only numbers, arithmetic and built-in functions are allowed
                const b = sigmoid(a)
                                  ^
                t.nabla:3:11: error: this value is not a finite number
                const c = log(0)
                          ^~~~~~
                """);
    }

    @Test
    void constWithAShapeAndAValue() {
        assertReports("""
                dim q
                const c[q] = 2
                """, """
                t.nabla:2:14: error: only a scalar const can be given a value, but 'c' takes 1 index
                const c[q] = 2
                             ^
                """);
    }

    @Test
    void dimSizesMustBeIntegersOfAtLeastOne() {
        assertReports("""
                dim q = 0, r = 1.5, s = 2.0
                """, """
                t.nabla:1:5: error: the size of dim 'q' must be an integer of at least 1, not 0
                dim q = 0, r = 1.5, s = 2.0
                    ^~~~~
                t.nabla:1:12: error: the size of dim 'r' must be an integer of at least 1, not 1.5
                dim q = 0, r = 1.5, s = 2.0
                           ^~~~~~~
                """);
    }

    // ---- train ------------------------------------------------------------------------

    @Test
    void trainObjectiveMustBeAScalar() {
        assertReports("""
                dim d
                param x[d]
                train minimize x over x
                """, """
                t.nabla:3:16: error: the objective 'x' must be a scalar, but it takes 1 index ([d])
                train minimize x over x
                               ^
                """);
    }

    @Test
    void trainParametersMustBeParams() {
        assertReports("""
                dim d
                input x[d]
                param w[d]
                E = sum(i, w[i] * x[i])
                train minimize E over x, E, d, w, w, foo
                """, """
                t.nabla:5:23: error: 'x' is an input, not a param
                train minimize E over x, E, d, w, w, foo
                                      ^
                t.nabla:5:26: error: 'E' is a definition, not a param
                train minimize E over x, E, d, w, w, foo
                                         ^
                t.nabla:5:29: error: 'd' is a dim, not a param
                train minimize E over x, E, d, w, w, foo
                                            ^
                t.nabla:5:35: error: 'w' is listed twice
                train minimize E over x, E, d, w, w, foo
                                                  ^
                t.nabla:5:38: error: undeclared name 'foo'
                train minimize E over x, E, d, w, w, foo
                                                     ^~~
                """);
    }

    @Test
    void atMostOneTrainStatement() {
        assertReports("""
                param p
                train minimize p over p
                train minimize p over p
                """, """
                t.nabla:3:1: error: more than one train statement (first at line 2)
                train minimize p over p
                ^~~~~~~~~~~~~~~~~~~~~~~
                """);
    }

    // ---- examples ---------------------------------------------------------------------

    @Test
    void exampleDimLines() {
        assertReports("""
                dim d, q
                input x[d]
                example {
                  dim d = 2, q = 0, x = 1, d = 3
                }
                """, """
                t.nabla:4:14: error: the size of dim 'q' must be an integer of at least 1, not 0
                  dim d = 2, q = 0, x = 1, d = 3
                             ^~~~~
                t.nabla:4:21: error: 'x' is not a dim
                  dim d = 2, q = 0, x = 1, d = 3
                                    ^
                t.nabla:4:28: error: the size of dim 'd' is given twice in this example
                  dim d = 2, q = 0, x = 1, d = 3
                                           ^
                """);
    }

    @Test
    void exampleBindsOnlyLeavesOnce() {
        assertReports("""
                dim d
                input x[d]
                const mu = 0.5
                b = sum(i, x[i])
                example {
                  b = 1
                  d = 2
                  x = [1, 2]
                  x = [1, 2]
                  mu = 1
                  nope = 1
                }
                """, """
                t.nabla:6:3: error: 'b' is defined by a formula; an example binds only leaves
                  b = 1
                  ^
                t.nabla:7:3: error: 'd' is a dim; give its size with a dim line
                  d = 2
                  ^
                t.nabla:9:3: error: 'x' is bound twice in this example (first at line 8)
                  x = [1, 2]
                  ^
                t.nabla:10:3: error: 'mu' is fixed to 0.5 by its declaration; an example cannot bind it
                  mu = 1
                  ^~
                t.nabla:11:3: error: undeclared name 'nope'
                  nope = 1
                  ^~~~
                """);
    }

    @Test
    void exampleArrayNesting() {
        assertReports("""
                dim d, q
                input x[d]
                param w[d, q]
                const c
                example {
                  x = [[1], [2]]
                  w = [1, 2]
                  c = [1]
                }
                """, """
                t.nabla:6:8: error: expected a number in 'x' (it takes 1 index) but found an array
                  x = [[1], [2]]
                       ^~~
                t.nabla:7:8: error: expected an array along 'q' in 'w' (it takes 2 indices) but found a number
                  w = [1, 2]
                       ^
                t.nabla:8:7: error: 'c' is a scalar but was given an array
                  c = [1]
                      ^~~
                """);
    }

    @Test
    void exampleArrayLengths() {
        assertReports("""
                dim d, q, l = 2
                input x[d], y[l]
                param w[q, d]
                example {
                  dim d = 2
                  x = [1, 2, 3]
                  y = [1]
                  w = [[1, 2], [3]]
                }
                """, """
                t.nabla:6:7: error: 'x' has 3 values along 'd' here, but 'd' has size 2 (set by the example's dim line)
                  x = [1, 2, 3]
                      ^~~~~~~~~
                t.nabla:7:7: error: 'y' has 1 value along 'l' here, but 'l' has size 2 (its default)
                  y = [1]
                      ^~~
                t.nabla:8:16: error: 'w' has 1 value along 'd' here, but 'd' has size 2 (set by the example's dim line)
                  w = [[1, 2], [3]]
                               ^~~
                """);
    }

    @Test
    void exampleArrayLengthsInferredFromTheFirstArray() {
        assertReports("""
                dim d
                input x[d], z[d]
                example {
                  x = [1, 2]
                  z = [1, 2, 3]
                }
                """, """
                t.nabla:5:7: error: 'z' has 3 values along 'd' here, but 'd' has size 2 (inferred from 'x' at line 4)
                  z = [1, 2, 3]
                      ^~~~~~~~~
                """);
    }

    @Test
    void exampleValuesMustBeConstant() {
        assertReports("""
                const a, b
                example {
                  a = b + 1
                }
                """, """
                t.nabla:3:7: error: a value cannot use the name 'b': only numbers, arithmetic and built-in functions are allowed
                  a = b + 1
                      ^
                """);
    }

    @Test
    void exampleMissesAValueTheExpectsNeed() {
        assertReports("""
                dim l
                param theta[l]
                input z
                const lambda
                yhat[j] = sigmoid(z - theta[j])
                example {
                  dim l = 1
                  z = 0.5
                  expect diff(yhat[1], theta[1]) == 0.25
                  expect yhat[1] * lambda == 0.5
                }
                """, """
                t.nabla:9:3: error: example gives no value for 'theta'
                  expect diff(yhat[1], theta[1]) == 0.25
                  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                t.nabla:10:3: error: example gives no value for 'lambda'
                  expect yhat[1] * lambda == 0.5
                  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                """);
    }

    @Test
    void exampleMissesASizeTheExpectsNeed() {
        assertReports("""
                dim m
                const c = 2
                mean = c / m
                example {
                  expect mean == 1
                }
                """, """
                t.nabla:5:3: error: example gives no size for dim 'm'
                  expect mean == 1
                  ^~~~~~~~~~~~~~~~
                """);
    }

    @Test
    void exampleLiteralIndexOutOfRange() {
        assertReports("""
                dim l
                input y[l]
                example {
                  y = [1]
                  expect y[2] == 1
                }
                """, """
                t.nabla:5:12: error: index 2 is out of range: 'l' has size 1 in this example
                  expect y[2] == 1
                           ^
                """);
    }

    /** A position reached through a definition is checked against the example's sizes too, once per example. */
    @Test
    void exampleIndexOutOfRangeThroughADefinition() {
        assertReports("""
                dim n
                input y[n]
                a = y[2]
                b = a * y[1]
                example { dim n = 1  y = [1]  expect a == 1  expect b == 1 }
                example { dim n = 2  y = [1, 2]  expect b == 2 }
                """, """
                t.nabla:5:31: error: 'a' uses index 2 along 'n' (line 3), but 'n' has size 1 in this example
                example { dim n = 1  y = [1]  expect a == 1  expect b == 1 }
                                              ^~~~~~~~~~~~~
                """);
    }

    @Test
    void indexLiteralBeyondTheElementLimit() {
        assertReports("""
                dim n
                input x[n]
                claim: x[2147483647] == delta(1000001, 1)
                """, """
                t.nabla:3:10: error: index 2147483647 is too large: a dim that reaches it gives tensors of more \
                than 1000000 elements, the most nabla evaluates
                claim: x[2147483647] == delta(1000001, 1)
                         ^~~~~~~~~~
                t.nabla:3:31: error: index 1000001 is too large: a dim that reaches it gives tensors of more \
                than 1000000 elements, the most nabla evaluates
                claim: x[2147483647] == delta(1000001, 1)
                                              ^~~~~~~
                """);
    }

    // ---- everything in one run --------------------------------------------------------

    @Test
    void threeIndependentErrorsAreAllReported() {
        assertReports("""
                dim d, q
                input x[d]
                a = foo + 1
                b[i] = x[i] * exp(1, 2)
                claim c: x[i] == 1
                """, """
                t.nabla:3:5: error: undeclared name 'foo'
                a = foo + 1
                    ^~~
                t.nabla:4:15: error: 'exp' takes 1 argument but 2 were given
                b[i] = x[i] * exp(1, 2)
                              ^~~
                t.nabla:5:1: error: the two sides have different free indices: [i] and []
                claim c: x[i] == 1
                ^~~~~~~~~~~~~~~~~~
                """);
    }
}
