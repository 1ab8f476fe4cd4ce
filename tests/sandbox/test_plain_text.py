"""Names and labels are plain text: control characters (NUL, line breaks) and invisible
formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE, which makes a name read backwards) are
refused by every operation that takes one, and nothing changes."""

from __future__ import annotations

import pytest
import requests

from lebwallet.sandbox.seed import SPARE_CARDS
from tests.sandbox.demo_api import TIMEOUT, Api, snapshot

BAD = ["Shop\x00phone", "Shop\nphone", "evil\u202etxt.exe", "\u2066x"]


def _refused(response: requests.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert problem["errors"][0]["field"] == field


@pytest.mark.parametrize("text", BAD)
def test_a_card_label_is_plain_text_when_binding_and_renaming(api: Api, text: str) -> None:
    spare = next(card for card in SPARE_CARDS if card.id == "card_spare_hk")
    before = snapshot(api.handle)
    _refused(api.post("/v1/cards", json={"iccid": spare.iccid, "label": text}), "label")
    _refused(api.patch("/v1/cards/card_demo_uk", json={"label": text}), "label")
    assert snapshot(api.handle) == before


@pytest.mark.parametrize("text", BAD)
def test_a_name_is_plain_text_when_registering_and_in_the_profile(api: Api, text: str) -> None:
    before = snapshot(api.handle)
    response = requests.post(
        f"{api.url}/v1/auth/register",
        json={"phone": "+447400555123", "password": "password-123", "name": text},
        timeout=TIMEOUT,
    )
    _refused(response, "name")
    _refused(api.patch("/v1/account", json={"name": text}), "name")
    assert snapshot(api.handle) == before


def test_ordinary_names_and_labels_in_any_script_are_kept(api: Api) -> None:
    assert api.patch("/v1/cards/card_demo_uk", json={"label": "英国 卡 — Shop"}).status_code == 200
    assert api.patch("/v1/account", json={"name": "李 小明"}).status_code == 200
