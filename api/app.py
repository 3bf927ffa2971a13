"""The FastAPI application: GraphQL at /graphql, /health and /metrics.

The app owns one Neo4j driver for its lifetime and reaches the database only through
``queries/`` and ``ingest/`` (from the GraphQL fields), never with Cypher of its own.
Every GraphQL request is authenticated (bearer JWT or API key), rate limited per
caller and audited, refusals included; GraphiQL is served outside production.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.fastapi import BaseContext

from api.audit import AuditLog
from api.auth import AuthError, Authenticator, Caller
from api.metrics import Metrics
from api.ratelimit import RateLimiter, rate_limit_path
from api.secrets import audit_key
from api.schema import build_schema
from api.schema.context import Context
from graph.connection import open_driver, server_info
from graph import server
from graph.server import Endpoint
from queries.base import Graph
from tipgraph.settings import Settings, get_settings

PATHS = ("/graphql", "/health", "/metrics")  # metric labels: other paths count as "other"


def served_app() -> FastAPI:
    """The app as each worker process of `tipgraph serve --workers N` builds it, for the
    Neo4j the settings name (the CLI points NEO4J_URI at the server it chose)."""
    settings = get_settings()
    return create_app(server.endpoint(settings), settings)


def create_app(endpoint: Endpoint, settings: Settings | None = None) -> FastAPI:
    """Build the app for one Neo4j endpoint (the CLI and the tests pass theirs in)."""
    settings = settings or get_settings()
    metrics = Metrics()
    authenticator = Authenticator(settings)
    audit = AuditLog.from_settings(settings)
    # From a server secret, so that nobody outside can recompute a redacted id from a guess.
    redaction_key = hashlib.sha256(b"tipgraph redacted ids\0" + audit_key(settings)).digest()
    limiter = RateLimiter(rate_limit_path(settings), settings.tipgraph_rate_limit_per_minute,
                          settings.tipgraph_rate_limit_burst)
    development = settings.tipgraph_env == "development"

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.driver = open_driver(endpoint)
        app.state.graph = Graph(app.state.driver, endpoint.database, timeout_s=settings.neo4j_tx_timeout_s)
        try:
            yield
        finally:
            app.state.driver.close()

    app = FastAPI(title="tipgraph", version="0.1.0", lifespan=lifespan,
                  docs_url="/docs" if development else None, redoc_url=None, openapi_url=None)

    def refuse(status: int, message: str, caller: Caller | None, headers: dict[str, str] | None = None) -> None:
        """Audit a request refused before GraphQL ran, and answer it with ``status``."""
        audit_refusal(message, caller)
        raise HTTPException(status, detail=message, headers=headers)

    def audit_refusal(message: str, caller: Caller | None = None) -> None:
        audit.append(subject=caller.subject if caller else "(unauthenticated)", agency=caller.agency if caller else "",
                     roles=sorted(caller.roles) if caller else (), operation="(refused before reading)",
                     variables={}, allowed=False, reason=message, duration_ms=0.0)

    async def context(request: Request) -> BaseContext:
        if request.method != "POST":  # the GraphiQL page; queries are only taken by POST
            return BaseContext()
        try:
            caller = authenticator.caller(request.headers.get("authorization"), request.headers.get("x-api-key"))
        except AuthError as refused:
            refuse(401, str(refused), None, {"WWW-Authenticate": "Bearer"})
        wait = limiter.check(caller.subject)
        if wait is not None:
            seconds = math.ceil(wait)
            refuse(429, f"rate limit: at most {settings.tipgraph_rate_limit_per_minute} requests a minute; "
                        f"retry in {seconds} s", caller, {"Retry-After": str(seconds)})
        return Context(caller, app.state.graph, audit, redaction_key)

    graphql = _GraphQLEndpoint(build_schema(settings, metrics), context, graphql_ide="graphiql" if development else None,
                               allow_queries_via_get=False)
    app.add_route("/graphql", graphql, methods=["GET", "POST"])

    app.add_middleware(_BoundedAndCounted, metrics=metrics, max_bytes=settings.tipgraph_max_request_bytes,
                       refused=audit_refusal)

    @app.get("/metrics")
    async def prometheus() -> Response:
        return Response(metrics.exposition(), media_type="text/plain; version=0.0.4")

    @app.get("/health")
    async def health() -> JSONResponse:
        """200 with the server's version when Neo4j answers a query; 503 and the reason otherwise."""
        try:
            info = await run_in_threadpool(server_info, app.state.driver, endpoint.database)
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
            return JSONResponse(
                status_code=503,
                content={
                    "status": "unavailable",
                    "neo4j": {"uri": endpoint.uri, "connected": False},
                    "detail": f"Neo4j at {endpoint.uri} is not reachable: {error}",
                },
            )
        return JSONResponse(
            {
                "status": "ok",
                "neo4j": {
                    "uri": endpoint.uri,
                    "connected": True,
                    "provider": endpoint.provider,
                    "version": info.version,
                    "edition": info.edition,
                    "database": endpoint.database,
                },
            }
        )

    return app


class _GraphQLEndpoint(GraphQL):
    """Strawberry's ASGI app, routed to directly: through FastAPI's router, the dependency
    injection that builds its context cost more per request than authenticating the caller."""

    def __init__(self, schema: Any, context: Callable[[Request], Awaitable[BaseContext]], **options: Any) -> None:
        super().__init__(schema, **options)
        self._context = context

    async def get_context(self, request: Request, response: Any) -> BaseContext:  # type: ignore[override]
        return await self._context(request)


class _BoundedAndCounted:
    """Refuse bodies over the limit before reading them, and count every answer. A body
    must say its length: a chunked one could only be measured by reading it. Plain ASGI:
    Starlette's function middleware runs each request in a task of its own."""

    def __init__(self, app: ASGIApp, metrics: Metrics, max_bytes: int,
                 refused: Callable[[str], None]) -> None:
        self.app = app
        self.metrics = metrics
        self.max_bytes = max_bytes
        self.refused = refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"] if scope["path"] in PATHS else "other"
        length = dict(scope["headers"]).get(b"content-length")
        refusal: tuple[int, str] | None = None
        if scope["method"] == "POST" and length is None:
            refusal = 411, "Content-Length required: send the request body with its length, not chunked"
        elif length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            refusal = 413, f"request body over {self.max_bytes} bytes (content-length {length.decode('latin-1')})"
        if refusal:
            self.refused(refusal[1])
            await JSONResponse(status_code=refusal[0], content={"detail": refusal[1]})(scope, receive, send)
            self.metrics.request(path, refusal[0])
            return
        status = 500  # unless the app starts a response

        async def counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, counted)
        finally:
            self.metrics.request(path, status)
