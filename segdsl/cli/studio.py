"""`segdsl studio`: the studio's web server on this machine (docs/studio.md)."""

from __future__ import annotations

import contextlib
import ipaddress
import secrets
import shutil
import sys
from pathlib import Path

import click

from segdsl.cli.common import (
    db_option,
    handle_errors,
    open_database,
    project_settings,
    resolve_dialect,
    schema_for,
    schema_option,
    timeout_option,
)

_EXTRA_MODULES = ("starlette", "uvicorn", "anyio")
DEFAULT_TIMEOUT = 30.0  # seconds: a page's query never holds a connection longer


@click.command()
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path(dir_okay=False))
@schema_option
@db_option
@click.option(
    "--host",
    metavar="ADDRESS",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; another than this machine's own is warned about.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    metavar="PORT",
    default=0,
    help="Port to listen on (default: a free one).",
)
@click.option("--no-browser", "browser", flag_value=False, default=True, help="Open no browser.")
@timeout_option
@handle_errors
def studio(
    files: tuple[str, ...],
    schema_path: str | None,
    db: str | None,
    host: str,
    port: int,
    browser: bool,
    timeout: float | None,
) -> None:
    """Write, test and compare segments in the browser: an editor with the language service's
    checks, completion and hover, each condition's count, sample and SQL as you type, and every
    segment of a FILE with its sizes, history and overlaps. Without FILE, the .seg files of the
    project's folder; outside any project, the shop `segdsl demo` built here. A query stops
    after 30 s unless --timeout says otherwise. Serves until Ctrl-C (needs the `studio`
    extra)."""
    try:
        from segdsl.studio.answers import Connections
        from segdsl.studio.server import Studio, create_app, listening_socket, serve
        from segdsl.studio.workspace import Workspace
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in _EXTRA_MODULES:
            raise
        raise click.ClickException(
            "the studio needs starlette and uvicorn: pip install 'segdsl[studio]'"
        ) from None
    from segdsl.lint import config_from_table
    from segdsl.service import Settings

    project = project_settings(*files)
    if not files and schema_path is None and db is None and project.path is None:
        schema_path, db = _demo_shop()
    schema = schema_for(schema_path, project)
    dialect = resolve_dialect(None, project)
    origin = str(project.path) if project.path else "segdsl.toml"
    settings = Settings(config_from_table(project.lint, origin), project.limits, dialect)
    root = project.path.parent if project.path is not None else Path.cwd()
    paths = [Path(f) for f in files] or sorted(root.glob("*.seg"))
    workspace = Workspace(paths, schema, settings, root)
    seconds = timeout or DEFAULT_TIMEOUT
    connections = Connections(lambda: open_database(db, project, seconds, schema))
    database = connections.prepare()
    try:
        token = secrets.token_urlsafe(24)
        app = create_app(Studio(workspace, connections, schema, dialect, database, token))
        sock = listening_socket(host, port)
        if not is_loopback(host):
            click.echo(
                f"warning: --host {host}: other machines can reach this studio; whoever has "
                "its address with the token can query the database and write the loaded files",
                err=True,
            )
        url = f"http://{_url_host(host)}:{sock.getsockname()[1]}/?token={token}"
        click.echo(f"segdsl studio: {url}")
        click.echo(f"files: {', '.join(f.label for f in workspace.files.values()) or 'none'}")
        click.echo("stop with Ctrl-C", err=True)
        if browser:
            import webbrowser

            webbrowser.open(url)
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a studio stops
            serve(app, sock)
        click.echo("studio stopped", err=True)
    finally:
        connections.close()


def _demo_shop() -> tuple[str | None, str | None]:
    """Outside any project, where `segdsl demo` built its shop (shop.duckdb): the example's
    schema and the shop, with the example's segments copied here to be edited (when there is no
    segments.seg yet). Elsewhere nothing: the command says what it misses."""
    from segdsl.demo import DEMO_DATABASE
    from segdsl.demo.builder import is_demo_database
    from segdsl.resources import data_path

    shop = Path(DEMO_DATABASE)
    if not shop.is_file() or not is_demo_database(shop):
        return None, None
    segments = Path("segments.seg")
    if not segments.exists():
        shutil.copyfile(data_path("examples/shop/segments.seg"), segments)
        click.echo(
            f"no segdsl.toml here: {DEMO_DATABASE} with the example's segments, copied to "
            f"{segments} to edit",
            err=True,
        )
    return str(data_path("examples/shop/schema.yaml")), DEMO_DATABASE


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine's own address (the studio warns about any other)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
