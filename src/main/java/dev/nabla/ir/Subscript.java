package dev.nabla.ir;

/** What fills one slot of a tensor access or a Kronecker delta: an index variable or a fixed position. */
public sealed interface Subscript permits Index, Position {
}
