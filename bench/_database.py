"""What every benchmark needs: a PostgreSQL database of its own, made from the server
DATABASE_URL names and dropped afterwards (never the database DATABASE_URL names itself),
Django set up on it, and a few words to print figures with. Not a benchmark: `make bench` runs
the bench/*.py files whose names do not start with an underscore."""

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def say(text: str = "") -> None:
    print(text, flush=True)


def since(started: float) -> float:
    return time.perf_counter() - started


def verdict(met: bool) -> str:
    return "target met" if met else "TARGET MISSED"


def create_database(base_url: str, name: str, *, force: bool, reuse: bool = False) -> str | None:
    """Create ``name`` on the server of ``base_url``; return why not, or None. With ``reuse``
    an existing ``name`` is left as it is (a benchmark iterating on a kept database)."""
    if urlsplit(base_url).path.lstrip("/") == name:
        return f"DATABASE_URL names {name} itself: pick another --db-name"
    with psycopg.connect(with_db(base_url, "postgres"), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return None
        if exists and not force:
            return (
                f"database {name} already exists (left by an earlier run, or someone's data): "
                "pass --force to drop and recreate it"
            )
        if exists:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return None


def drop_database(base_url: str, name: str) -> None:
    with psycopg.connect(with_db(base_url, "postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def on_own_database(
    run: Callable[[], int],
    *,
    db_name: str,
    force: bool,
    keep: bool,
    why_postgres: str = "",
    environ: dict[str, str] | None = None,
    reuse: bool = False,
) -> int:
    """Create the database, point Django's settings at it (they read the environment once, at
    setup: hence before), run, then drop it unless ``keep``. Exit status 2 when it cannot."""
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        say(f"DATABASE_URL must name a PostgreSQL server{why_postgres}")
        return 2
    refused = create_database(base_url, db_name, force=force, reuse=reuse)
    if refused:
        say(f"refused: {refused}")
        return 2
    keys = tempfile.TemporaryDirectory(prefix="lerq-bench-")
    try:
        os.environ["DATABASE_URL"] = with_db(base_url, db_name)
        os.environ.update(environ or {})
        # Every event is signed with the audit key: a throwaway one, like the database.
        if "LERQ_AUDIT_KEY_FILE" not in os.environ:
            os.environ["LERQ_AUDIT_KEY_FILE"] = _throwaway_key(Path(keys.name))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        return run()
    finally:
        from django.db import connections

        connections.close_all()
        if keep:
            say(f"database {db_name} kept")
        else:
            drop_database(base_url, db_name)
        keys.cleanup()


def _throwaway_key(folder: Path) -> str:
    from triage.audit_key import audit_key_create

    return str(audit_key_create(path=folder / "audit-key"))
