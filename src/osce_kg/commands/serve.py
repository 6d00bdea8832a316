"""`osce-kg serve`: publish the store as a read-only SPARQL 1.1 endpoint with an HTML query page.

Starlette and uvicorn are imported inside the command, so `osce-kg --help` does not pay for them.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from osce_kg.commands._common import store_option
from osce_kg.errors import OsceKgError


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Only this machine can connect by default; 0.0.0.0 opens it to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL updates from clients that send the bearer token of --token-env.")
@click.option("--token-env", default="OSCE_KG_UPDATE_TOKEN", show_default=True, metavar="VAR",
              help="Environment variable holding the update token (never given on the command line, where "
                   "`ps` would show it).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (answer 503).")
@click.option("--max-results", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (or triples) one answer may have; more is refused with 413.")
@click.option("--cors", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Allow browser scripts from this origin (repeat for more; `*` for any).")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (how many queries run at once).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(store_path: Path | None, host: str, port: int, allow_update: bool, token_env: str, timeout: float,
          max_results: int, cors_origins: tuple[str, ...], workers: int, log_level: str) -> None:
    """Serve the store over HTTP: /sparql, /store, /queries, /id/… and an HTML page at /.

    Stops cleanly on SIGTERM or Ctrl-C (exit code 0).
    """
    from osce_kg.server import create_app, run_server
    from osce_kg.store import Store, default_store_path

    path = store_path or default_store_path()
    Store(path, read_only=True).close()  # a missing or unreadable store fails here, with one clear line
    token = None
    if allow_update:
        token = os.environ.get(token_env, "").strip()
        if not token:
            raise OsceKgError(f"--allow-update needs a bearer token in the environment variable {token_env}")
    app = create_app(path, allow_update=allow_update, update_token=token, timeout=timeout,
                     max_results=max_results, cors_origins=cors_origins, workers=workers)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"osce-kg: serving {path} on http://{shown}:{port}/ (SPARQL endpoint /sparql; "
               f"{'updates allowed with the token' if allow_update else 'read-only'}); Ctrl-C stops",
               err=True)
    run_server(app, host, port, log_level)


command = serve
