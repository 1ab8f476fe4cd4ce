"""`prefetched`: the items in order, the producer's error where it happened, an early stop."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from lebwallet.services.prefetch import prefetched, prefetched_batches


def test_items_come_in_order() -> None:
    assert list(prefetched(iter(range(50)), depth=2)) == list(range(50))


def test_the_producers_error_is_raised_where_its_item_would_come() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ConnectionError("page 3 did not come")

    pages = prefetched(items())
    assert [next(pages), next(pages)] == [1, 2]
    with pytest.raises(ConnectionError, match="page 3"):
        next(pages)


def test_a_consumer_that_stops_early_stops_the_producer() -> None:
    produced: list[int] = []
    closed = threading.Event()

    def items() -> Iterator[int]:
        try:
            for n in range(1000):
                produced.append(n)
                yield n
        finally:
            closed.set()

    pages = prefetched(items(), depth=1)
    for item in pages:
        if item == 3:
            break
    pages.close()  # what leaving the loop does to a generator that is not referenced
    assert closed.is_set()
    assert len(produced) <= 6  # the item consumed, one queued, one in the producer's hands


def test_depth_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="depth"):
        list(prefetched(iter([1]), depth=0))


def test_batches_hold_what_has_come_and_end_before_the_error() -> None:
    release = threading.Event()

    def items() -> Iterator[int]:
        yield from (1, 2, 3)
        release.wait(5)
        yield 4
        raise ConnectionError("page 5 did not come")

    batches = prefetched_batches(items(), depth=4, most=2)
    first = next(batches)
    assert first in ([1], [1, 2])
    rest = [first]
    while sum(map(len, rest)) < 3:
        rest.append(next(batches))
    assert [n for batch in rest for n in batch] == [1, 2, 3]
    assert all(1 <= len(batch) <= 2 for batch in rest)
    release.set()
    assert next(batches) == [4]  # the error waits behind the item before it
    with pytest.raises(ConnectionError, match="page 5"):
        next(batches)


def test_a_batch_holds_at_least_one_item() -> None:
    with pytest.raises(ValueError, match="at least one"):
        list(prefetched_batches(iter([1]), most=0))
