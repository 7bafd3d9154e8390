"""HEAD answers like GET without the body (RFC 9110), for link checkers and caches."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send


def head_requests_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await app({**scope, "method": "GET"}, receive, send_without_body)  # type: ignore[arg-type]

    return middleware
