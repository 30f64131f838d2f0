"""HEAD is GET without the body (RFC 9110 §9.3.2). FastAPI's routes answer
only the methods they name, so every page answered HEAD with 405; this
middleware runs the GET route and sends its status and headers alone."""


class _BodyDropped(Exception):
    """The headers are out and the body is not wanted: stop the route's stream."""


class HeadAsGet:
    """Plain ASGI middleware: a HEAD request reaches the app as a GET; the
    response's start (status, headers, Content-Length of the GET) goes out as
    it is and its body is replaced by nothing. A streaming body (an export)
    is stopped after its first part instead of being produced for nobody."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)
        ended = False

        async def headers_only(message):
            nonlocal ended
            if message["type"] != "http.response.body":
                return await send(message)
            if not ended:
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            if message.get("more_body"):
                raise _BodyDropped()

        try:
            await self.app(dict(scope, method="GET"), receive, headers_only)
        except _BodyDropped:
            pass
