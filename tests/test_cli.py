"""The `supportweb` command as a user runs it: exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from graphdb.driver import Database


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportweb.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_migrate_against_the_test_database_is_idempotent(db: Database) -> None:
    result = run("migrate", env={"NEO4J_URI": db.config.uri})
    assert result.returncode == 0, result.stderr
    assert "migrations are current" in result.stdout


def test_unreachable_neo4j_says_what_to_do() -> None:
    result = run("migrate", env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert result.returncode == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.stderr
    assert "supportweb neo4j start" in result.stderr


def test_import_of_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "is not a folder" in result.stderr


def test_status_when_not_running_exits_3(tmp_path: Path) -> None:
    result = run("neo4j", "status", "--data", str(tmp_path))
    assert result.returncode == 3
    assert result.stdout.strip() == "not running"


def test_schema_prints_the_sdl() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert "type Query" in result.stdout and "people(" in result.stdout


def test_the_server_freezes_what_it_built_before_it_serves() -> None:
    """What exists when the server starts (modules, the schema) lives as long as the
    process; frozen, the collector's full passes skip it instead of pausing every request
    for ~100 ms each (docs/benchmarks.md, W1's p99)."""
    import gc

    from supportweb.serve import _config
    from supportweb.settings import Settings
    from tests.conftest import TEST_SECRET

    gc.unfreeze()
    try:
        config = _config(Settings(supportweb_secret=TEST_SECRET), host="127.0.0.1", port=0)
        assert config.app is not None
        assert gc.get_freeze_count() > 50_000
    finally:
        gc.unfreeze()


def test_requests_are_logged_in_development_and_at_the_proxy_in_production() -> None:
    import gc

    from supportweb.serve import _config
    from supportweb.settings import Mode, Settings
    from tests.conftest import TEST_SECRET

    def access_log(**given: Any) -> bool:
        key = "pseudonym-key-for-this-test-0123456789"
        settings = Settings(supportweb_secret=TEST_SECRET, supportweb_pseudonym_key=key, **given)
        return bool(_config(settings, host="127.0.0.1", port=0).access_log)

    try:
        assert access_log() is True
        assert access_log(supportweb_mode=Mode.PRODUCTION) is False
        assert access_log(supportweb_mode=Mode.PRODUCTION, supportweb_access_log=True) is True
        assert access_log(supportweb_access_log=False) is False
    finally:
        gc.unfreeze()
