"""MinHash signatures, value for value those of datasketch 2's ``affine32`` scheme.

The story index (:mod:`enrich.stories`) stores MinHash signatures in the crawl's
state database, first made with ``datasketch.MinHash(seed=1, scheme="affine32")``.
Importing datasketch imports all its LSH classes and, through them, scipy: half a
second and 60 MB in every crawl process, for the few lines below. They compute the
same values (``tests/unit/test_minhash.py`` holds signatures datasketch made), so
stored signatures stay valid.

The scheme: each item's 32-bit hash (the first four bytes of its SHA-1, little
endian) goes through the MurmurHash3 finalizer, then through ``num_perm`` affine
maps ``a * h + b`` modulo 2**32 (``a`` odd: a bijection); the signature is the
minimum of each map over the items.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

SCHEME = "affine32"
EMPTY = np.uint32(0xFFFFFFFF)  # the signature value of a map over no items


def permutations(num_perm: int, seed: int = 1) -> np.ndarray:
    """The ``(a, b)`` parameters of the affine maps (a 2 x num_perm array), as datasketch draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


def signature(items: Iterable[bytes], params: np.ndarray) -> np.ndarray:
    """The MinHash of a set of byte strings under *params* (from :func:`permutations`)."""
    hashes = [int.from_bytes(hashlib.sha1(item).digest()[:4], "little") for item in items]
    if not hashes:
        return np.full(params.shape[1], EMPTY, dtype=np.uint32)
    h = np.array(hashes, dtype=np.uint32).reshape(-1, 1)
    h ^= h >> np.uint32(16)  # the MurmurHash3 finalizer (uint32 arithmetic wraps)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return (h * params[0] + params[1]).min(axis=0)
