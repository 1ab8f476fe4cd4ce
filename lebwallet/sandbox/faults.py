"""Fault injection for the sandbox: the `--faults SPEC` text, its frozen `FaultSpec`, and the
decisions taken per request (`FaultPlan`).

SPEC is a comma-separated list of `key=value` settings, e.g.
`latency=0.2,error_rate=0.1,drop_after_commit=0.2,reset=0.05,rate_limit=5,seed=7`:

| key                 | value              | effect on a request whose path matches `paths`     |
|---------------------|--------------------|----------------------------------------------------|
| `latency`           | seconds ≥ 0        | sleep this long before handling                    |
| `error_rate`        | probability 0…1    | answer 500 `internal_error` or 503                 |
|                     |                    | `service_unavailable` (with Retry-After) at once   |
| `drop_after_commit` | probability 0…1    | handle the request (commit included), then close   |
|                     |                    | the connection without sending the response        |
| `reset`             | probability 0…1    | reset the connection before handling anything      |
| `rate_limit`        | requests/s > 0     | token bucket per client address;                   |
|                     |                    | over the limit: 429 `rate_limited` + Retry-After   |
| `seed`              | integer            | seeds the random choices (deterministic runs)      |
| `paths`             | prefixes, `|`-sep. | where faults apply (default `/v1/`: the API only)  |

The checkout pages (`/checkout/...`) are outside the default `paths`, so a faulty API still
lets a test pay its orders. A bad spec raises `FaultSpecError` naming the bad part.
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import Final

DEFAULT_PATHS: Final = ("/v1/",)

FAULTS_HELP: Final = (
    "fault injection: comma-separated key=value settings — latency=SECONDS (delay every "
    "request), error_rate=P (answer 500/503 with probability P), drop_after_commit=P (handle "
    "the request, then close the connection without the response), reset=P (TCP reset before "
    "handling), rate_limit=N (N requests/s per client, then 429 with Retry-After), seed=INT "
    "(repeatable dice), paths=/v1/orders|/v1/cards (prefixes the faults apply to; default "
    "/v1/). Example: 'latency=0.2,error_rate=0.1,drop_after_commit=0.2,reset=0.05,seed=7'"
)
"""The `--faults` help text for `lebwallet sandbox --help` (the syntax of the table above)."""
_PROBABILITIES: Final = ("error_rate", "drop_after_commit", "reset")
_KEYS: Final = ("latency", *_PROBABILITIES, "rate_limit", "seed", "paths")


class FaultSpecError(ValueError):
    """The fault spec text is not valid; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """What faults the sandbox injects. The default injects none."""

    latency: float = 0.0
    error_rate: float = 0.0
    drop_after_commit: float = 0.0
    reset: float = 0.0
    rate_limit: float | None = None
    seed: int | None = None
    paths: tuple[str, ...] = field(default=DEFAULT_PATHS)

    def __post_init__(self) -> None:
        if not math.isfinite(self.latency) or self.latency < 0:
            raise FaultSpecError(f"latency is seconds ≥ 0, not {self.latency}")
        for name in _PROBABILITIES:
            value = getattr(self, name)
            if not math.isfinite(value) or not 0 <= value <= 1:
                raise FaultSpecError(f"{name} is a probability from 0 to 1, not {value}")
        if self.rate_limit is not None and (
            not math.isfinite(self.rate_limit) or self.rate_limit <= 0
        ):
            raise FaultSpecError(f"rate_limit is requests per second > 0, not {self.rate_limit}")
        if not self.paths or any(not p.startswith("/") for p in self.paths):
            raise FaultSpecError(f"paths are prefixes starting with '/', not {self.paths!r}")

    @property
    def active(self) -> bool:
        """True when some fault can happen (a rate limit counts)."""
        return bool(
            self.latency
            or self.error_rate
            or self.drop_after_commit
            or self.reset
            or self.rate_limit is not None
        )

    def applies_to(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.paths)

    def describe(self) -> str:
        """The spec in its text form (`parse_faults(spec.describe()) == spec`)."""
        parts = [
            f"{name}={getattr(self, name)}"
            for name in ("latency", *_PROBABILITIES)
            if getattr(self, name)
        ]
        if self.rate_limit is not None:
            parts.append(f"rate_limit={self.rate_limit}")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        if self.paths != DEFAULT_PATHS:
            parts.append("paths=" + "|".join(self.paths))
        return ",".join(parts) or "none"


def _number(key: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FaultSpecError(f"{key}={text!r}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise FaultSpecError(f"{key}={text!r}: the number must be finite")
    return value


def parse_faults(text: str) -> FaultSpec:
    """Parse SPEC (see the module docstring); an empty text or `none` is no faults."""
    text = text.strip()
    if text in ("", "none"):
        return FaultSpec()
    values: dict[str, object] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise FaultSpecError(f"empty setting in {text!r} (two commas in a row?)")
        key, sep, raw = part.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not raw:
            raise FaultSpecError(f"{part!r} is not key=value")
        if key not in _KEYS:
            raise FaultSpecError(f"unknown fault {key!r}; known: {', '.join(_KEYS)}")
        if key in values:
            raise FaultSpecError(f"{key} is given twice")
        if key == "seed":
            try:
                values[key] = int(raw)
            except ValueError:
                raise FaultSpecError(f"seed={raw!r}: the seed is a whole number") from None
        elif key == "paths":
            values[key] = tuple(p.strip() for p in raw.split("|") if p.strip())
        else:
            values[key] = _number(key, raw)
    return FaultSpec(**values)  # type: ignore[arg-type]


class Fault(Enum):
    """What happens to one request before it is handled."""

    NONE = "none"
    RESET = "reset"
    ERROR_500 = "error_500"
    ERROR_503 = "error_503"


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """The faults chosen for one request."""

    before: Fault
    drop_after: bool
    latency: float


NO_FAULTS: Final = FaultPlan(Fault.NONE, drop_after=False, latency=0.0)


class FaultDice:
    """Draws the faults of each request from one seeded RNG (thread-safe; with `seed` and
    requests made one at a time, the sequence of faults is the same on every run)."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._random = random.Random(spec.seed)
        self._lock = threading.Lock()

    def plan(self, path: str) -> FaultPlan:
        spec = self.spec
        if not spec.applies_to(path) or not (
            spec.latency or spec.error_rate or spec.drop_after_commit or spec.reset
        ):
            return NO_FAULTS
        with self._lock:
            reset_roll, error_roll, kind_roll, drop_roll = (self._random.random() for _ in range(4))
        before = Fault.NONE
        if reset_roll < spec.reset:
            before = Fault.RESET
        elif error_roll < spec.error_rate:
            before = Fault.ERROR_500 if kind_roll < 0.5 else Fault.ERROR_503
        return FaultPlan(
            before=before,
            drop_after=before is Fault.NONE and drop_roll < spec.drop_after_commit,
            latency=spec.latency,
        )
