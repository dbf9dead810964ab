"""What keeps the page safe on a shared machine: no other web site can make it work (same-origin
check on every request that changes something), no request body beyond the upload limit, and every
response with a content security policy that lets the page load nothing from anywhere else."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make the browser send "Origin: null"
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BodyTooLarge(Exception):
    pass


class BodyTooSlow(Exception):
    pass


# Seconds the page waits for the next part of a request's body before it gives up on the client.
BODY_SECONDS = 30.0


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def same_origin(scope: Scope) -> bool:
    """Whether a request may have come from the page itself. Browsers send Origin (and Sec-Fetch-Site)
    with every POST; a request with neither comes from no browser (curl, a script) and needs no guard."""
    site = _header(scope, b"sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = _header(scope, b"origin")
    if origin is None:
        return True
    host = _header(scope, b"host")
    return host is not None and origin in (f"http://{host}", f"https://{host}")


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _json(send: Send, status: int, text: str, code: str) -> None:
    body = json.dumps({"error": text, "code": code}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: security headers on every response, the same-origin check, and the body limit.
    Under `api_prefix` (the HTTP API) the same-origin check is the API's own (another origin needs its
    token) and a refusal is JSON, as every answer of the API is."""

    def __init__(self, app: ASGIApp, max_body: int, refused: Callable[[Scope, str], str],
                 body_seconds: float = BODY_SECONDS, api_prefix: str | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.body_seconds = body_seconds
        self.refused = refused  # the one-line answer, in the page's language, for "other-origin" / "too-large"
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = self.api_prefix is not None and str(scope.get("path", "")).startswith(self.api_prefix)

        async def refuse(status: int, reason: str) -> None:
            if api:
                await _json(send, status, self.refused(scope, reason), reason)
            else:
                await _plain(send, status, self.refused(scope, reason))

        if scope["method"] in UNSAFE_METHODS and not api and not same_origin(scope):
            await refuse(403, "other-origin")
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await refuse(413, "too-large")
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            try:
                with anyio.fail_after(self.body_seconds):
                    message = await receive()
            except TimeoutError as error:
                raise BodyTooSlow from error
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {name for name, _ in SECURITY_HEADERS}]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        try:
            await self.app(scope, limited_receive, with_headers)
        except BodyTooLarge:
            if not started:
                await refuse(413, "too-large")
        except BodyTooSlow:
            if not started:
                await refuse(408, "too-slow")
