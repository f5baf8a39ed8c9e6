"""Merkle tree maths of RFC 9162 (Certificate Transparency 2.0), section 2.1: no Django.

Leaves are hashed ``SHA-256(0x00 || leaf)`` and interior nodes ``SHA-256(0x01 || left || right)``
so that a leaf can never pass for a node (the second-preimage attack the prefixes exist for).
``Tree`` keeps the hash of every perfect, aligned subtree (2n hashes for n leaves), so any
root, inclusion proof or consistency proof costs O(log n) lookups once it is built; a
``frontier`` (the roots of the perfect subtrees that make up a tree of n leaves, largest first)
is all a checkpoint needs to keep to extend the tree by the next leaves without the old ones.
"""

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


# --- the compact frontier ------------------------------------------------------------------


def frontier_extend(frontier: Sequence[bytes], size: int, leaves: Iterable[bytes]) -> list[bytes]:
    """The frontier of the tree of ``size`` leaves extended by ``leaves`` (raw leaf data)."""
    out = list(frontier)
    for leaf in leaves:
        h, s = leaf_hash(leaf), size
        # Each trailing one bit of the old size is a perfect subtree the new leaf completes.
        while s & 1:
            h = node_hash(out.pop(), h)
            s >>= 1
        out.append(h)
        size += 1
    return out


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for h in reversed(frontier[:-1]):
        root = node_hash(h, root)
    return root


# --- a whole tree, for proofs ---------------------------------------------------------------


class Tree:
    """Every perfect aligned subtree of the leaves given, level by level. Each level is one
    bytearray of 32-byte hashes: a million events take 64 MB, not the 150 MB of bytes objects."""

    def __init__(self, leaves: Iterable[bytes] = ()) -> None:
        self.levels: list[bytearray] = [bytearray()]
        for leaf in leaves:
            self.append(leaf)

    def __len__(self) -> int:
        return len(self.levels[0]) // 32

    def append(self, leaf: bytes) -> None:
        h, level = leaf_hash(leaf), 0
        while True:
            row = self.levels[level]
            row += h
            if len(row) % 64:
                return
            h = node_hash(row[-64:-32], row[-32:])
            level += 1
            if level == len(self.levels):
                self.levels.append(bytearray())

    def _hash(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]); lo is always aligned to the subtrees RFC 9162's splits produce."""
        n = hi - lo
        if n & (n - 1) == 0:  # a perfect subtree: stored
            level = n.bit_length() - 1
            at = (lo >> level) * 32
            return bytes(self.levels[level][at : at + 32])
        k = _split(n)
        return node_hash(self._hash(lo, lo + k), self._hash(lo + k, hi))

    def root(self, size: int | None = None) -> bytes:
        size = len(self) if size is None else size
        if size > len(self):
            raise ValueError(f"the tree has {len(self)} leaves, not {size}")
        return self._hash(0, size) if size else EMPTY_ROOT

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """PATH(index, D[size]) of RFC 9162 2.1.3.1."""
        if not 0 <= index < size <= len(self):
            raise ValueError(f"no leaf {index} in a tree of {size}")
        proof: list[bytes] = []
        lo, hi = 0, size
        while hi - lo > 1:
            k = _split(hi - lo)
            if index - lo < k:
                proof.append(self._hash(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._hash(lo, lo + k))
                lo += k
        return proof[::-1]

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        """PROOF(first, D[second]) of RFC 9162 2.1.4.1 (empty when first is 0 or second)."""
        if not 0 <= first <= second <= len(self):
            raise ValueError(f"no consistency proof from {first} to {second}")
        if first in (0, second):
            return []
        proof: list[bytes] = []
        lo, hi, m, whole = 0, second, first, True
        while m != hi - lo:
            k = _split(hi - lo)
            if m <= k:
                proof.append(self._hash(lo + k, hi))
                hi = lo + k
            else:
                proof.append(self._hash(lo, lo + k))
                lo, m, whole = lo + k, m - k, False
        if not whole:
            proof.append(self._hash(lo, hi))
        return proof[::-1]


# --- verification (what an outside verifier does) -------------------------------------------


def inclusion_verify(
    *, index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 2.1.3.2: ``leaf`` (raw data) is leaf ``index`` of the tree of ``size`` with
    ``root``."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistency_verify(
    *, first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 2.1.4.2: the tree of ``second`` leaves extends the tree of ``first``."""
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof and first_root == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0
