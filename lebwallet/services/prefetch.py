"""Run an iterator one or two items ahead of its consumer, in a worker thread.

`prefetched(pages)` lets a sync store page N while page N+1 is on its way: the producer's
network waits overlap the consumer's work. The producer's exception is raised in the
consumer where the item would have come; a consumer that stops early (an exception, a
`break`) stops the producer after its current item.
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
    if depth < 1:
        raise ValueError(f"depth is at least 1, not {depth}")
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
    try:
        while True:
            ok, value = slots.get()
            if not ok:
                assert isinstance(value, BaseException)
                raise value
            if value is done:
                return
            yield value  # type: ignore[misc]
    finally:
        stop.set()
        worker.join()
