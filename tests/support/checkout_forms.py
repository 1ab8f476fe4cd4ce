"""Posting a hosted-checkout form as a browser does: open the page, take the form's token
(`token`, hidden in every form), post it back with the fields.

    response = post_checkout_form(f"{checkout_url}/pay", {"card_number": "4242424242424242"})
"""

from __future__ import annotations

import re
from typing import Any

import requests

TOKEN_RE = re.compile(r'name="token" value="([0-9a-f]+)"')
_ACTIONS = ("/pay",)


def page_of(form_url: str) -> str:
    """The page that holds the form posting to `form_url` (`/pay` is on the checkout page;
    `/authenticate` and `/qr` post to themselves)."""
    for action in _ACTIONS:
        if form_url.endswith(action):
            return form_url[: -len(action)]
    return form_url


_seen: dict[str, str] = {}
"""The token each page showed last: a page that has no form any more (the order is final)
is posted with the token its form had, as from a browser tab left open."""


def checkout_token(form_url: str, *, timeout: float = 10) -> str:
    url = page_of(form_url)
    page = requests.get(url, timeout=timeout)
    found = TOKEN_RE.search(page.text)
    if found is not None:
        _seen[url] = found.group(1)
    assert url in _seen, f"no form token on {url} ({page.status_code})"
    return _seen[url]


def post_checkout_form(
    form_url: str, data: dict[str, str], *, timeout: float = 10, **kwargs: Any
) -> requests.Response:
    kwargs.setdefault("allow_redirects", False)
    token = checkout_token(form_url, timeout=timeout)
    return requests.post(form_url, data={**data, "token": token}, timeout=timeout, **kwargs)
