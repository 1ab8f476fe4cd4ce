"""`--faults`: the spec's syntax, and each fault as a client sees it over real HTTP (latency,
500/503, a dropped response after the commit, a connection reset, rate limiting with 429)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from lebwallet.sandbox.faults import FaultSpec, FaultSpecError, parse_faults
from tests.sandbox.demo_api import TIMEOUT, Api, count, order_body
from tests.support.sandbox import running_sandbox


def test_a_spec_parses_and_describes_itself() -> None:
    text = "latency=0.2,error_rate=0.1,drop_after_commit=0.2,reset=0.05,rate_limit=5,seed=7"
    spec = parse_faults(text)
    assert spec == FaultSpec(
        latency=0.2, error_rate=0.1, drop_after_commit=0.2, reset=0.05, rate_limit=5, seed=7
    )
    assert parse_faults(spec.describe()) == spec
    assert parse_faults("paths=/v1/orders|/v1/cards").paths == ("/v1/orders", "/v1/cards")
    assert parse_faults("") == parse_faults("none") == FaultSpec()
    assert not FaultSpec().active


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("latency", "not key=value"),
        ("speed=3", "unknown fault 'speed'"),
        ("error_rate=2", "probability"),
        ("reset=-0.1", "probability"),
        ("latency=fast", "not a number"),
        ("latency=inf", "finite"),
        ("rate_limit=0", "rate_limit"),
        ("seed=1.5", "whole number"),
        ("latency=1,,reset=0.1", "empty setting"),
        ("latency=1,latency=2", "twice"),
        ("paths=v1", "paths"),
    ],
)
def test_a_bad_spec_names_its_bad_part(text: str, fragment: str) -> None:
    with pytest.raises(FaultSpecError, match=fragment):
        parse_faults(text)


def _manifest(url: str) -> requests.Response:
    return requests.get(f"{url}/v1/app/latest", params={"platform": "linux"}, timeout=TIMEOUT)


def test_latency_delays_every_matching_request(tmp_path: Path) -> None:
    # The latency is long next to an undelayed request even on a loaded machine (a login
    # hashes a password and took 0.46 s with other builds running): the outside-`paths`
    # request must not have waited for it.
    latency = 2.0
    with running_sandbox(tmp_path, faults=f"latency={latency},paths=/v1/app/") as sandbox:
        started = time.monotonic()
        assert _manifest(sandbox.url).status_code == 200
        assert time.monotonic() - started >= latency
        started = time.monotonic()
        sandbox.login()  # outside `paths`: no delay
        assert time.monotonic() - started < latency


def test_error_rate_answers_500_or_503_as_problems(tmp_path: Path) -> None:
    with running_sandbox(tmp_path, faults="error_rate=1,seed=3,paths=/v1/app/") as sandbox:
        statuses = set()
        for _ in range(12):
            response = _manifest(sandbox.url)
            statuses.add(response.status_code)
            assert response.headers["Content-Type"] == "application/problem+json"
            if response.status_code == 503:
                assert response.headers["Retry-After"] == "1"
                assert response.json()["code"] == "service_unavailable"
            else:
                assert response.json()["code"] == "internal_error"
        assert statuses == {500, 503}


def test_a_reset_connection_is_a_connection_error(tmp_path: Path) -> None:
    with running_sandbox(tmp_path, faults="reset=1,paths=/v1/app/") as sandbox:
        with pytest.raises(requests.ConnectionError):
            _manifest(sandbox.url)
        assert sandbox.login()["access_token"]  # the rest of the API is untouched


def test_a_dropped_response_comes_after_the_order_is_committed(tmp_path: Path) -> None:
    faults = "drop_after_commit=1,paths=/v1/orders"
    with running_sandbox(tmp_path, faults=faults) as sandbox, requests.Session() as session:
        api = Api(sandbox, session)
        before = count(sandbox, "orders")
        with pytest.raises(requests.ConnectionError):
            api.post("/v1/orders", json=order_body(), headers={"Idempotency-Key": "key-dropped-1"})
        assert count(sandbox, "orders") == before + 1  # committed, the answer was lost


def test_over_the_rate_limit_is_429_with_retry_after(tmp_path: Path) -> None:
    with running_sandbox(tmp_path, faults="rate_limit=2") as sandbox:
        responses = [_manifest(sandbox.url) for _ in range(6)]
        limited = [r for r in responses if r.status_code == 429]
        assert limited, [r.status_code for r in responses]
        assert responses[0].status_code == 200
        problem = limited[0].json()
        assert problem["code"] == "rate_limited"
        assert int(limited[0].headers["Retry-After"]) >= 1
        time.sleep(int(limited[0].headers["Retry-After"]))
        assert _manifest(sandbox.url).status_code == 200
