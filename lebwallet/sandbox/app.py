"""The sandbox's Flask application: request plumbing shared by the API and the checkout pages.

- `create_app()` builds the app from a `SandboxContext` (database, settings, clock, limiter).
- Before every request, orders whose time has come are advanced (`order_moves.advance_due`), and
  API requests (`/v1/...`, or the fault spec's `paths`) pass the rate limiter.
- Only the hosts it serves are answered (``Host``: loopback names, or the host it listens on).
- Errors: an `ApiError` becomes `application/problem+json` built by `wire.Problem`; so do
  Werkzeug's 404 / 405 / 413 / 400 and any unexpected exception (500 `internal_error`).
  Unknown `/checkout/...` pages get an HTML page instead.
- Language: each request is answered in English or Simplified Chinese (`language()`, from
  `Accept-Language`; a checkout page's `lang` parameter or cookie first), said in
  `Content-Language`; problem titles and details are translated (`lebwallet.sandbox.language`).
- Every JSON body is parsed by its wire model (`parse_body`) and every JSON response is a
  wire model serialised by pydantic (`json_response`), so the sandbox cannot drift from
  resources/openapi.yaml.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, TypeVar

from flask import Flask, Response, g, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from lebwallet.provider import wire
from lebwallet.provider.wire import ErrorCode
from lebwallet.sandbox import order_moves
from lebwallet.sandbox.config import Clock, SandboxConfig
from lebwallet.sandbox.db import Database
from lebwallet.sandbox.language import ENGLISH, LANG_PARAM, LANGUAGES, negotiate, text
from lebwallet.sandbox.problems import ApiError, from_validation_error
from lebwallet.sandbox.ratelimit import LoginThrottle, TokenBucketLimiter

log = logging.getLogger("lebwallet.sandbox")

M = TypeVar("M", bound=BaseModel)

PROBLEM_MIMETYPE = "application/problem+json"
_HTTP_CODES = {
    400: ErrorCode.MALFORMED_JSON,
    401: ErrorCode.UNAUTHORIZED,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.BODY_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    429: ErrorCode.RATE_LIMITED,
    503: ErrorCode.SERVICE_UNAVAILABLE,
}


@dataclass(frozen=True, slots=True)
class SandboxContext:
    """What every request handler needs; one per running sandbox."""

    db: Database
    config: SandboxConfig
    clock: Clock
    limiter: TokenBucketLimiter
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)


def now() -> datetime:
    """The time of the current request (read once from the clock, at its start)."""
    moment: datetime = g.now
    return moment


LANG_COOKIE = "lebwallet_lang"
"""Remembers a checkout page's `lang` for the order's next pages (the forms and redirects)."""


def language() -> str:
    """The language of the current request's answer: `en` or `zh-CN`."""
    chosen: str = g.get("language", ENGLISH)
    return chosen


def _request_language() -> str:
    if not _is_api(request.path):
        for asked in (request.args.get(LANG_PARAM), request.cookies.get(LANG_COOKIE)):
            if asked in LANGUAGES:
                return asked
    return negotiate(request.headers.get("Accept-Language"))


# --- bodies and responses ---------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_body(model: type[M]) -> tuple[M, Any]:
    """The request body validated by `model`, and the plain JSON value (for hashing).

    415 for another content type, 413 above `wire.MAX_BODY_BYTES`, 400 `malformed_json`
    for text that is not JSON (or nested deeper than the parser recurses), 422
    `validation_error` listing every bad member.
    """
    if request.mimetype != "application/json":
        raise ApiError(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            f"send the body as application/json, not {request.mimetype or 'no content type'}",
        )
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, f"send UTF-8 JSON, not {charset}")
    raw = request.get_data(cache=True)  # MAX_CONTENT_LENGTH makes this a 413 when too large
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(ErrorCode.MALFORMED_JSON, f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(ErrorCode.MALFORMED_JSON, "the body's JSON is nested too deeply") from None
    try:
        parsed = model.model_validate_json(raw)
    except ValidationError as exc:
        raise from_validation_error(exc) from None
    return parsed, value


def canonical_hash(value: Any) -> str:
    """SHA-256 of a JSON value written canonically (member order and spacing do not matter)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_response(
    model: BaseModel, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        model.model_dump_json(), status=status, mimetype="application/json", headers=headers
    )


def problem_response(error: ApiError) -> Response:
    problem = error.problem(instance=request.path, language=language())
    headers = dict(error.headers)
    if problem.status == 401:
        headers.setdefault(
            "WWW-Authenticate",
            'Bearer error="invalid_token"'
            if request.headers.get("Authorization")
            else 'Bearer realm="lebwallet-sandbox"',
        )
    return Response(
        problem.model_dump_json(exclude_none=False),
        status=problem.status,
        mimetype=PROBLEM_MIMETYPE,
        headers=headers,
    )


def problem_bytes(code: ErrorCode, detail: str, path: str) -> bytes:
    """A serialised problem (for the fault middleware, outside Flask)."""
    return wire.Problem.of(code, detail, instance=path[:512]).model_dump_json().encode("utf-8")


# --- the app ----------------------------------------------------------------------------------


def _is_api(path: str) -> bool:
    return not path.startswith("/checkout/")


LOOPBACK_HOSTS: Final = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(context: SandboxContext, hosts: Collection[str] = ()) -> Flask:
    """The app, answering only requests whose ``Host`` is a loopback name or one of `hosts`
    (Flask's ``TRUSTED_HOSTS``): any other is a 400, so a page on a name that resolves to
    this computer (DNS rebinding) gets nothing, and no URL is built from a foreign host."""
    from lebwallet.sandbox.api import api_blueprint
    from lebwallet.sandbox.checkout import checkout_blueprint, html_error
    from lebwallet.sandbox.support_api import support_blueprint

    app = Flask("lebwallet.sandbox", template_folder="templates")
    app.config["TRUSTED_HOSTS"] = sorted({*LOOPBACK_HOSTS, *hosts})
    app.config["MAX_CONTENT_LENGTH"] = wire.MAX_BODY_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = wire.MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["lebwallet_sandbox"] = context

    @app.before_request
    def _before() -> Response | None:
        g.now = context.clock()
        g.language = _request_language()
        path = request.path
        if context.config.faults.applies_to(path):
            wait = context.limiter.acquire(request.remote_addr or "-")
            if wait:
                return problem_response(
                    ApiError(
                        ErrorCode.RATE_LIMITED,
                        f"too many requests; try again in {wait} s",
                        headers={"Retry-After": str(wait)},
                    )
                )
        moment = now()
        with context.db.read() as conn:
            due = order_moves.has_due_orders(conn, moment)
        if due:
            with context.db.write() as conn:
                order_moves.advance_due(conn, moment, context.config)
        return None

    @app.after_request
    def _language_headers(response: Response) -> Response:
        response.headers["Content-Language"] = language()
        response.vary.add("Accept-Language")
        asked = request.args.get(LANG_PARAM)
        if not _is_api(request.path) and asked in LANGUAGES:
            response.set_cookie(
                LANG_COOKIE, asked, path="/checkout/", httponly=True, samesite="Lax"
            )
        return response

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return problem_response(error)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        allow = getattr(error, "valid_methods", None)
        if not _is_api(request.path) and status in (404, 405):
            page = html_error(status, text("There is no such page.", language()))
            if allow:
                page.headers["Allow"] = ", ".join(allow)
            return page
        code = _HTTP_CODES.get(status, ErrorCode.VALIDATION_ERROR)
        if status == 400:
            detail = "the request could not be read"
        elif status == 404:
            detail = f"no such resource: {request.path}"
        elif status == 405:
            detail = f"{request.method} is not allowed on {request.path}"
        elif status == 413:
            detail = f"the body is larger than {wire.MAX_BODY_BYTES} bytes"
        else:
            detail = error.description or "the request is not valid"
        response = problem_response(ApiError(code, detail))
        if allow:
            response.headers["Allow"] = ", ".join(allow)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("sandbox: unexpected error on %s %s", request.method, request.path)
        return problem_response(
            ApiError(ErrorCode.INTERNAL_ERROR, f"unexpected {type(error).__name__}")
        )

    app.register_blueprint(api_blueprint(context))
    app.register_blueprint(checkout_blueprint(context))
    app.register_blueprint(support_blueprint(context))
    return app
