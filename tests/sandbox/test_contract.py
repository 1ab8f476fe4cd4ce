"""The running sandbox checked against its own contract (resources/openapi.yaml) by
schemathesis: every operation, valid and invalid inputs, real HTTP over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode

from tests.support.sandbox import SandboxHandle, running_sandbox

SPEC = Path(__file__).resolve().parents[2] / "resources" / "openapi.yaml"

# The contract answers a schema-valid request that breaks a business rule (an amount below the
# minimum, a phone number that does not exist) with 422, so 422 is an accepted answer to valid
# data; a 5xx never is (schemathesis' `not_a_server_error` check).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)
schema = schemathesis.openapi.from_path(SPEC, config=CONFIG)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SandboxHandle, str]]:
    with running_sandbox(tmp_path_factory.mktemp("contract")) as handle:
        yield handle, handle.login()["access_token"]


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_sandbox_conforms_to_its_contract(
    case: schemathesis.Case[Any], live: tuple[SandboxHandle, str]
) -> None:
    handle, token = live
    if not _headers_are_negative(case) and list(case.operation.security.iter_parameters()):
        # A case meant to be accepted gets a real token instead of a generated one. A case whose
        # headers are meant to be refused (no or a malformed `Authorization`) is sent as made:
        # putting a token into it would turn it into a valid request that must be refused.
        case.headers["Authorization"] = f"Bearer {token}"
    case.call_and_validate(base_url=handle.url, timeout=10)


def _headers_are_negative(case: schemathesis.Case[Any]) -> bool:
    meta = case.meta
    if meta is None:
        return False
    component = meta.components.get(ParameterLocation.HEADER)
    return component is not None and component.mode is GenerationMode.NEGATIVE
