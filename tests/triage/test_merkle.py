"""The Merkle tree maths of RFC 9162: roots, inclusion and consistency proofs, verification."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage import merkle


def _mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 2.1.1, written as the RFC defines it, to check the fast tree against."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _mth(leaves[:k]) + _mth(leaves[k:])).digest()


def _leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(n)]


LEAVES = _leaves(40)
TREE = merkle.Tree(LEAVES)


def test_leaves_and_nodes_are_hashed_apart():
    assert merkle.leaf_hash(b"ab") == hashlib.sha256(b"\x00ab").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert merkle.Tree().root() == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(41))
def test_every_root_is_the_rfc_tree_head_and_the_frontier_agrees(size):
    assert TREE.root(size) == _mth(LEAVES[:size])
    assert merkle.frontier_root(merkle.frontier_extend([], 0, LEAVES[:size])) == _mth(LEAVES[:size])


@pytest.mark.parametrize("size", range(1, 41))
def test_every_leaf_is_proved_in_every_tree_and_no_other_leaf_is(size):
    root = TREE.root(size)
    for index in range(size):
        proof = TREE.inclusion_proof(index, size)
        assert merkle.inclusion_verify(
            index=index, size=size, leaf=LEAVES[index], proof=proof, root=root
        )
        other = LEAVES[(index + 1) % 40]
        assert not merkle.inclusion_verify(
            index=index, size=size, leaf=other, proof=proof, root=root
        )


@pytest.mark.parametrize("second", range(1, 41))
def test_every_tree_is_proved_consistent_with_every_smaller_one(second):
    for first in range(0, second + 1):
        proof = TREE.consistency_proof(first, second)
        assert merkle.consistency_verify(
            first=first,
            second=second,
            first_root=TREE.root(first),
            second_root=TREE.root(second),
            proof=proof,
        )


@pytest.mark.parametrize("second", range(2, 41))
def test_a_rewritten_older_tree_is_not_consistent(second):
    rewritten = merkle.Tree([b"forged", *LEAVES[1:second]])
    for first in range(1, second):
        assert not merkle.consistency_verify(
            first=first,
            second=second,
            first_root=rewritten.root(first),
            second_root=TREE.root(second),
            proof=TREE.consistency_proof(first, second),
        )


def test_a_proof_with_one_hash_changed_fails():
    proof = TREE.inclusion_proof(13, 37)
    proof[2] = bytes(32)
    assert not merkle.inclusion_verify(
        index=13, size=37, leaf=LEAVES[13], proof=proof, root=TREE.root(37)
    )
    consistency = TREE.consistency_proof(13, 37)
    consistency[-1] = bytes(32)
    assert not merkle.consistency_verify(
        first=13,
        second=37,
        first_root=TREE.root(13),
        second_root=TREE.root(37),
        proof=consistency,
    )


@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8))
def test_a_frontier_extended_in_any_steps_has_the_tree_root(steps):
    """What checkpoints do: each extends the last one's frontier by the events since."""
    frontier: list[bytes] = []
    size = 0
    for step in steps:
        frontier = merkle.frontier_extend(frontier, size, _leaves(size + step)[size:])
        size += step
        assert merkle.frontier_root(frontier) == _mth(_leaves(size))
        assert len(frontier) == bin(size).count("1")  # only the perfect subtrees are kept
