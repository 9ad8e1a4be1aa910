"""Identifiers for millions of rows without a Python loop: ``I000000001`` and hashed keys.

Customer keys are pseudonyms, as a bank would export them: ``splitmix64(customer ^ salt)``
written as 16 hexadecimal digits, so the same customer always has the same key within a
seed and no customer number can be read back from it.
"""

from __future__ import annotations

import numpy as np

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def fixed_ids(
    prefix: str, numbers: np.ndarray, width: int, *, as_bytes: bool = False
) -> np.ndarray:
    """``prefix`` + zero-padded ``numbers`` as a numpy array of ``str`` (vectorised).

    ``as_bytes=True`` returns the ASCII bytes (numpy ``S``), which Arrow takes without a copy
    per element.

    >>> fixed_ids("A", np.array([1, 42]), 3).tolist()
    ['A001', 'A042']
    """
    n = np.asarray(numbers, dtype=np.int64)
    digits = np.empty((len(n), width), dtype=np.uint8)
    rest = n.copy()
    for i in range(width - 1, -1, -1):
        digits[:, i] = (rest % 10).astype(np.uint8) + 48
        rest //= 10
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    raw = np.concatenate([np.broadcast_to(head, (len(n), len(head))), digits], axis=1)
    out = np.ascontiguousarray(raw).view(f"S{len(head) + width}").ravel()
    return out if as_bytes else out.astype(f"U{len(head) + width}")


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser (Steele, Lea & Flood 2014), elementwise on uint64."""
    z = np.asarray(x, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def hashed_keys(numbers: np.ndarray, salt: int, *, as_bytes: bool = False) -> np.ndarray:
    """16-hex-digit pseudonyms of ``numbers`` (vectorised).

    >>> keys = hashed_keys(np.array([7, 7, 8]), salt=1)
    >>> bool(keys[0] == keys[1]), bool(keys[0] != keys[2]), len(keys[0])
    (True, True, 16)
    """
    with np.errstate(over="ignore"):
        h = splitmix64(np.asarray(numbers, dtype=np.uint64) ^ np.uint64(salt & 0xFFFFFFFFFFFFFFFF))
    nibbles = np.empty((len(h), 16), dtype=np.uint8)
    for i in range(16):
        nibbles[:, 15 - i] = _HEX[((h >> np.uint64(4 * i)) & np.uint64(15)).astype(np.intp)]
    out = np.ascontiguousarray(nibbles).view("S16").ravel()
    return out if as_bytes else out.astype("U16")
