"""The studio's web server: the page and its JSON endpoints (Starlette, served by uvicorn).

Every request needs the access token: in the `X-Segdsl-Token` header, in the cookie the page
gets when it is opened with `?token=…` (the address the command prints), or as that query
parameter. The endpoints take only what the page edits and ids of what the server loaded; no
endpoint takes SQL, a path or a database. An error in one request is that request's answer,
with a message the page shows: the server goes on. Each answer is one JSON object, except a
file's history: lines of JSON, one per instant as it is computed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import sys
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from segdsl.diagnostics import EngineError, SegdslError
from segdsl.semantics.schema import Schema
from segdsl.sql.dialects import DIALECTS
from segdsl.studio import answers
from segdsl.studio.answers import Cancelled, Connections
from segdsl.studio.protocol import (
    BadRequest,
    Fields,
    completion_json,
    definitions_json,
    diagnostic_json,
    hover_json,
    opened_json,
    problem_json,
    token_json,
)
from segdsl.studio.workspace import NewSegment, Saved, StudioError, Workspace

STATIC = Path(__file__).with_name("static")
TOKEN_HEADER = "x-segdsl-token"
MAX_BODY = 4 * 1024 * 1024  # bytes of a request (an editor's text at its limit, in UTF-8)
FILE_PARTS = ("sizes", "overlap", "report")
HISTORY = "history"
# The kinds of a page's work that the page may stop.
CANCELLABLE = ("answer", "sample", HISTORY, "member", "why")


@dataclass
class Studio:
    """What the server serves: the files, the database's connections and the settings."""

    workspace: Workspace
    connections: Connections
    schema: Schema
    dialect: str
    """The project's dialect: the SQL shown first."""
    database: str
    """The database, for people (without a password)."""
    token: str
    sample: int = 10

    @property
    def cookie(self) -> str:
        """Named after the token: two studios on one host (cookies ignore ports) keep theirs."""
        return "segdsl_studio_" + hashlib.sha256(self.token.encode()).hexdigest()[:12]


# -- endpoints ----------------------------------------------------------------------------------

Work = Callable[[Studio, Fields], dict[str, object]]


def state(studio: Studio, _fields: Fields) -> dict[str, object]:
    workspace = studio.workspace
    return {
        "files": [
            {
                "id": loaded.id,
                "label": loaded.label,
                "version": loaded.version,
                "definitions": definitions_json(workspace.definitions(loaded.id)),
            }
            for loaded in workspace.files.values()
        ],
        "dialects": list(DIALECTS),
        "dialect": studio.dialect,
        "database": studio.database,
        "sample": studio.sample,
    }


def open_definition(studio: Studio, fields: Fields) -> dict[str, object]:
    text, opened = studio.workspace.open(fields.word("file"), fields.word("name"))
    return {"text": text, "opened": opened_json(opened)}


def analyze(studio: Studio, fields: Fields) -> dict[str, object]:
    client, buffer = fields.client(), fields.buffer()
    workspace = studio.workspace
    return {
        "diagnostics": [diagnostic_json(*d) for d in workspace.diagnostics(client, buffer)],
        "tokens": [token_json(t) for t in workspace.tokens(client, buffer)],
    }


def complete(studio: Studio, fields: Fields) -> dict[str, object]:
    found = studio.workspace.completion(fields.client(), fields.buffer(), fields.position())
    return {"items": [completion_json(*item) for item in found]}


def hover(studio: Studio, fields: Fields) -> dict[str, object]:
    found = studio.workspace.hover(fields.client(), fields.buffer(), fields.position())
    return {"hover": None if found is None else hover_json(*found)}


def format_text(studio: Studio, fields: Fields) -> dict[str, object]:
    return {"text": studio.workspace.formatted(fields.buffer())}


def _checked(studio: Studio, fields: Fields) -> answers.Checked | None:
    return studio.workspace.checked(fields.client(), fields.buffer())


def answer(studio: Studio, fields: Fields) -> dict[str, object]:
    """The count and share of the editor's text (`ready` false while it has an error): one
    query, so that it shows as soon as typing pauses; the page asks for its `sample` next."""
    checked = _checked(studio, fields)
    if checked is None:
        return {"ready": False}
    with studio.connections.run(fields.client(), "answer") as run:
        found = answers.count(run, studio.schema, checked)
    return {"ready": True, "kind": type(checked).__name__, **found}


def sample(studio: Studio, fields: Fields) -> dict[str, object]:
    """A sample of the editor's text's members and its SQL in a dialect."""
    dialect = fields.choice("dialect", DIALECTS)
    checked = _checked(studio, fields)
    if checked is None:
        return {"ready": False}
    sql = answers.sql_of(studio.schema, checked, dialect)
    with studio.connections.run(fields.client(), "sample") as run:
        found = answers.sample(run, studio.schema, checked, studio.sample)
    return {"ready": True, "sql": sql, "dialect": dialect, "sample": found}


def sql(studio: Studio, fields: Fields) -> dict[str, object]:
    dialect = fields.choice("dialect", DIALECTS)
    checked = _checked(studio, fields)
    if checked is None:
        return {"ready": False}
    return {"ready": True, "sql": answers.sql_of(studio.schema, checked, dialect)}


def file_view(studio: Studio, fields: Fields) -> dict[str, object]:
    """One part of a file's figures: its sizes, overlap or report (its history is streamed)."""
    file_id, part = fields.word("file"), fields.choice("part", FILE_PARTS)
    loaded = studio.workspace.file(file_id)
    module, problems = studio.workspace.checked_file(file_id)
    schema = studio.schema
    with studio.connections.run(fields.client(), f"file:{part}") as run:
        if part == "sizes":
            found = answers.file_sizes(run, schema, module)
        elif part == "overlap":
            found = answers.file_overlap(run, schema, module, f"{loaded.label}: overlap")
        else:
            found = answers.file_report(run, schema, module)
    return {**found, "problems": [problem_json(p) for p in problems]}


def member(studio: Studio, fields: Fields) -> dict[str, object]:
    """One customer's segments and labels in every loaded file."""
    key = fields.text("key", 200).strip()
    workspace = studio.workspace
    files = [
        answers.FileModule(loaded.id, loaded.label, workspace.checked_file(loaded.id)[0])
        for loaded in workspace.files.values()
    ]
    with studio.connections.run(fields.client(), "member") as run:
        return answers.member(run, studio.schema, files, key)


def why(studio: Studio, fields: Fields) -> dict[str, object]:
    """Why one customer is (or is not) in a segment of a file, or has their label."""
    file_id, name = fields.word("file"), fields.word("name")
    key = fields.text("key", 200).strip()
    module, _ = studio.workspace.checked_file(file_id)
    with studio.connections.run(fields.client(), "why") as run:
        return dict(answers.why(run, studio.schema, module, name, key))


def cancel(studio: Studio, fields: Fields) -> dict[str, object]:
    """Stop the page's running work of a kind (its file's history, say)."""
    kind = fields.choice("kind", CANCELLABLE)
    return {"stopped": studio.connections.cancel(fields.client(), kind)}


def history_of(studio: Studio, fields: Fields) -> answers.History:
    """A file's history, to be computed step by step as the response streams."""
    loaded = studio.workspace.file(fields.word("file"))
    module, _ = studio.workspace.checked_file(loaded.id)
    at = answers.history_instants(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    return answers.History(studio.schema, module, f"{loaded.label}: sizes", at)


def save(studio: Studio, fields: Fields) -> dict[str, object]:
    return _saved(studio, studio.workspace.save(fields.client(), fields.buffer()))


def add(studio: Studio, fields: Fields) -> dict[str, object]:
    """A new segment written at the end of a file."""
    new = NewSegment(
        fields.word("file"),
        fields.word("version"),
        fields.text("name", 200).strip(),
        fields.text("description", 1000),
        fields.text("body"),
    )
    return _saved(studio, studio.workspace.add(new))


def _saved(studio: Studio, saved: Saved) -> dict[str, object]:
    definitions = studio.workspace.definitions(saved.opened.file)
    return {
        "text": saved.text,
        "opened": opened_json(saved.opened),
        "definitions": definitions_json(definitions),
    }


# Each endpoint with the fields its request may have.
ENDPOINTS: dict[str, tuple[Work, tuple[str, ...]]] = {
    "state": (state, ()),
    "open": (open_definition, ("file", "name")),
    "analyze": (analyze, ("client", "buffer")),
    "complete": (complete, ("client", "buffer", "position")),
    "hover": (hover, ("client", "buffer", "position")),
    "format": (format_text, ("buffer",)),
    "answer": (answer, ("client", "buffer")),
    "sample": (sample, ("client", "buffer", "dialect")),
    "sql": (sql, ("client", "buffer", "dialect")),
    "file": (file_view, ("client", "file", "part")),
    "member": (member, ("client", "key")),
    "why": (why, ("client", "key", "file", "name")),
    "save": (save, ("client", "buffer")),
    "add": (add, ("file", "version", "name", "description", "body")),
    "cancel": (cancel, ("client", "kind")),
}


def _endpoint(studio: Studio, work: Work, allowed: tuple[str, ...]) -> Callable[..., Any]:
    async def respond(request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _refusal(413, f"the request is larger than {MAX_BODY:,} bytes")
        try:
            fields = Fields(_json(body), allowed)
            return JSONResponse(await run_in_threadpool(work, studio, fields))
        except Exception as error:
            status, answer = _failure(error)
            return JSONResponse(answer, status_code=status)

    return respond


def _history_endpoint(studio: Studio) -> Callable[..., Any]:
    """A file's history as lines of JSON, one per instant computed (`History.snapshot`), the
    last one complete, `cancelled` or an error's answer. Each step takes a connection for its
    query only, so that the page's counts are not kept waiting; a newer history of the page,
    its `cancel`, or the page going away stops it."""

    async def respond(request: Request) -> Response:
        body = await _body(request)
        if body is None:
            return _refusal(413, f"the request is larger than {MAX_BODY:,} bytes")
        try:
            fields = Fields(_json(body), ("client", "file"))
            client = fields.client()
            history = await run_in_threadpool(history_of, studio, fields)
        except Exception as error:
            status, answer = _failure(error)
            return JSONResponse(answer, status_code=status)
        return StreamingResponse(
            _history_lines(studio, client, history), media_type="application/x-ndjson"
        )

    return respond


async def _history_lines(
    studio: Studio, client: str, history: answers.History
) -> AsyncIterator[bytes]:
    connections = studio.connections
    ticket = connections.claim(client, HISTORY)

    def step() -> dict[str, object]:
        with connections.use(ticket) as run:
            return history.step(run)

    try:
        yield _line(history.snapshot())
        while not history.complete:
            yield _line(await run_in_threadpool(step))
    except Exception as error:
        status, answer = _failure(error)
        yield _line({**answer, "status": status, "done": len(history.found)})
    finally:
        if not history.complete:
            ticket.cancel()  # the page went away: its query stops
        connections.release(client, HISTORY, ticket)


def _line(value: dict[str, object]) -> bytes:
    return json.dumps(value).encode() + b"\n"


def _failure(error: Exception) -> tuple[int, dict[str, object]]:
    """The status and answer of a request that failed: a message the page shows."""
    if isinstance(error, BadRequest):
        return 400, {"error": str(error)}
    if isinstance(error, Cancelled):
        return 200, {"cancelled": True}
    if isinstance(error, StudioError):
        return 409, {"error": error.message, "detail": error.detail}
    if isinstance(error, SegdslError):
        first = error.diagnostics[0].message if error.diagnostics else "invalid input"
        return 422, {"error": first, "problems": [problem_json(d) for d in error.diagnostics]}
    if isinstance(error, EngineError):
        return 502, {"error": str(error), "detail": error.hint or ""}
    # A bug: told to the page and on stderr, the server goes on.
    traceback.print_exc(file=sys.stderr)
    return 500, {"error": f"internal error: {type(error).__name__}: {error}"}


async def _body(request: Request) -> bytes | None:
    """The request's body, or None when it is larger than MAX_BODY (read no further)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _json(body: bytes) -> object:
    if not body:
        return {}
    try:
        return json.loads(body)
    except ValueError:
        raise BadRequest("the request is not JSON") from None


def _refusal(status: int, message: str, **more: object) -> JSONResponse:
    return JSONResponse({"error": message, **more}, status_code=status)


async def page(_request: Request) -> Response:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})


class TokenGate:
    """Refuses every request without the token; an address with `?token=` sets the cookie and
    leads to the same address without it (so that it stays out of the history)."""

    def __init__(self, app: ASGIApp, studio: Studio) -> None:
        self.app = app
        self.studio = studio

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        given = request.query_params.get("token")
        if self._valid(given):
            target = request.url.remove_query_params("token")
            response: Response = RedirectResponse(str(target.path), status_code=303)
            response.set_cookie(
                self.studio.cookie, self.studio.token, httponly=True, samesite="strict"
            )
            await response(scope, receive, send)
            return
        header = request.headers.get(TOKEN_HEADER)
        if self._valid(header) or self._valid(_cookie(request, self.studio.cookie)):
            await self.app(scope, receive, send)
            return
        refused = JSONResponse(
            {"error": "this studio needs its access token: open the address segdsl studio printed"},
            status_code=403,
        )
        await refused(scope, receive, send)

    def _valid(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.studio.token.encode())


def _cookie(request: Request, name: str) -> str | None:
    header = request.headers.get("cookie")
    if header is None:
        return None
    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    morsel = jar.get(name)
    return None if morsel is None else morsel.value


def create_app(studio: Studio) -> ASGIApp:
    routes: list[BaseRoute] = [Route("/", page)]
    for name, (work, allowed) in ENDPOINTS.items():
        routes.append(Route(f"/api/{name}", _endpoint(studio, work, allowed), methods=["POST"]))
    routes.append(Route(f"/api/{HISTORY}", _history_endpoint(studio), methods=["POST"]))
    routes.append(Mount("/static", StaticFiles(directory=STATIC), name="static"))
    return TokenGate(Starlette(routes=routes), studio)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on `host` and `port` (0: a free port the system picks): connections
    wait there until the server runs, so that its address works as soon as it is printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def serve(app: ASGIApp, sock: socket.socket) -> None:
    """Serve until Ctrl-C (or SIGTERM)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
