"""Run an iterator one or two items ahead of its consumer, in a worker thread.

`prefetched(pages)` lets a sync store page N while page N+1 is on its way: the producer's
network waits overlap the consumer's work; `prefetched_batches` hands out all that has come
in one list. The producer's exception is raised in the consumer where the item would have
come; a consumer that stops early (an exception, a `break`) stops the producer after its
current item.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import Final, TypeVar

T = TypeVar("T")

_POLL_S: Final = 0.05


def prefetched(
    items: Iterator[T], *, depth: int = 2, name: str = "prefetch"
) -> Generator[T, None, None]:
    """The items of `items`, produced by a worker thread at most `depth` ahead."""
    batches = prefetched_batches(items, depth=depth, most=1, name=name)
    try:
        for batch in batches:
            yield batch[0]
    finally:
        batches.close()


def prefetched_batches(
    items: Iterator[T], *, depth: int = 2, most: int = 1, name: str = "prefetch"
) -> Generator[list[T], None, None]:
    """The items of `items` as `prefetched` produces them, in lists: each list holds the
    next item (waited for) and those that have come after it already, `most` at most. A
    sync stores the pages that are there in one transaction and waits for none."""
    if depth < 1:
        raise ValueError(f"depth is at least 1, not {depth}")
    if most < 1:
        raise ValueError(f"a batch holds at least one item, not {most}")
    slots: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def offer(entry: tuple[bool, object]) -> bool:
        while not stop.is_set():
            try:
                slots.put(entry, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not offer((True, item)):
                    return
            offer((True, done))
        except BaseException as exc:  # handed to the consumer, raised there
            offer((False, exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name=name, daemon=True)
    worker.start()
    held: tuple[bool, object] | None = None  # an entry taken but not yet handed out
    try:
        while True:
            ok, value = held if held is not None else slots.get()
            held = None
            if not ok:
                assert isinstance(value, BaseException)
                raise value
            if value is done:
                return
            batch = [value]
            while len(batch) < most:
                try:
                    ok, value = slots.get_nowait()
                except queue.Empty:
                    break
                if not ok or value is done:
                    held = (ok, value)  # the end or the error comes after this batch
                    break
                batch.append(value)
            yield batch  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
