"""Two small ASGI middlewares: an optional API key and a request body size limit.

BentoML has no setting for either, and both must answer before a request reaches the model.
"""

from __future__ import annotations

import hmac
import json
import os

from stance.serve.schemas import MAX_BODY_BYTES

API_KEY_ENV = "STANCE_API_KEY"
# Probes, metrics scrapers and the docs page work without the key; every endpoint that reads
# the model needs it.
PUBLIC_PATHS = ("/", "/healthz", "/livez", "/readyz", "/metrics", "/docs.json", "/schema.json")
PUBLIC_PREFIXES = ("/static_content/", "/assets/")


async def _answer(send, status: int, message: str, headers: tuple = ()) -> None:
    body = json.dumps({"error": message}).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *headers],
    })
    await send({"type": "http.response.body", "body": body})


class ApiKeyAuth:
    """When `STANCE_API_KEY` is set, require `Authorization: Bearer <key>` (401 otherwise).

    The variable is read per request (a dict look-up), so a test can set it on a running app.
    """

    def __init__(self, app, key: str | None = None):
        self.app = app
        self.key = key

    async def __call__(self, scope, receive, send):
        key = self.key if self.key is not None else os.environ.get(API_KEY_ENV, "")
        if scope["type"] != "http" or not key or _public(scope["path"]):
            return await self.app(scope, receive, send)
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, f"Bearer {key}".encode()):  # constant time: no hints about the key
            return await self.app(scope, receive, send)
        await _answer(send, 401, "missing or wrong API key: send the header 'Authorization: Bearer <key>'",
                      ((b"www-authenticate", b"Bearer"),))


class BodySizeLimit:
    """Answer 413 to bodies over `max_bytes`, by Content-Length or, when streamed, by counting."""

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_large = f"request body over the limit of {self.max_bytes:,} bytes: send fewer items or a shorter text"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return await _answer(send, 400, f"invalid Content-Length {length.decode(errors='replace')!r}")
            if int(length) > self.max_bytes:
                return await _answer(send, 413, too_large)
            return await self.app(scope, receive, send)  # the HTTP server stops reading at Content-Length
        # A chunked body has no announced size: read it here, counting, then hand it on.
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                return await _answer(send, 413, too_large)
            if not message.get("more_body", False):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def _public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
