"""enrich.minhash must give the signatures datasketch gave: the state database holds them."""

import hashlib

import numpy as np

from enrich.minhash import EMPTY, permutations, signature

# Made with datasketch 2.0.0: MinHash(num_perm=128, seed=1, scheme="affine32")
# updated with ITEMS (the package newsmon used before enrich.minhash).
ITEMS = [s.encode() for s in ["젠슨 황 방한", "삼성전자 이재용 회장", "회동 했다 .", "a", ""]]
DATASKETCH_FIRST = [333985519, 569248834, 1096253898, 461504688, 471857706, 213616308]
DATASKETCH_SHA256 = "5fec38fdfc5dd32813667f2664c2c976283c3275ec3e7b14481219ff3cfd4697"


def test_the_permutations_are_datasketchs():
    a, b = permutations(128)
    assert [int(x) for x in a[:3]] == [3582191691, 4270784983, 1892572953]
    assert [int(x) for x in b[:3]] == [214548472, 3287733501, 2301657549]
    assert all(int(x) % 2 == 1 for x in a)  # odd: every map is a bijection


def test_a_signature_is_the_one_datasketch_stored():
    values = signature(ITEMS, permutations(128)).astype("<u4")
    assert [int(x) for x in values[:6]] == DATASKETCH_FIRST
    assert hashlib.sha256(values.tobytes()).hexdigest() == DATASKETCH_SHA256


def test_the_signature_of_nothing_is_all_maxima_and_order_does_not_matter():
    params = permutations(16)
    assert np.array_equal(signature([], params), np.full(16, EMPTY, dtype=np.uint32))
    assert np.array_equal(signature(ITEMS, params), signature(ITEMS[::-1] + ITEMS, params))
    assert not np.array_equal(signature(ITEMS[:2], params), signature(ITEMS[2:], params))
