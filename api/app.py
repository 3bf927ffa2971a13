"""The FastAPI application.

The app owns one Neo4j driver for its lifetime. It talks to the database only
through `graph/` (and later `queries/`), never with Cypher of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from graph.connection import open_driver, server_info
from graph.server import Endpoint


def create_app(endpoint: Endpoint) -> FastAPI:
    """Build the app for one Neo4j endpoint (the CLI and the tests pass theirs in)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.driver = open_driver(endpoint)
        try:
            yield
        finally:
            app.state.driver.close()

    app = FastAPI(title="tipgraph", version="0.1.0", lifespan=lifespan)

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
