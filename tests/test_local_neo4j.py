"""The local Neo4j runner: lifecycle, clean stop without data loss, and clear refusals."""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
import pytest

from graphdb.local import neo4j as local_neo4j


def test_port_in_use_is_refused_with_advice(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(local_neo4j.LocalNeo4jError, match=f"port {port} .* in use"):
            local_neo4j.start(tmp_path, port=port)
    assert local_neo4j.status(tmp_path) is None


def test_status_of_a_folder_never_used_is_not_running(tmp_path: Path) -> None:
    assert local_neo4j.status(tmp_path) is None
    assert local_neo4j.stop(tmp_path) is None


def test_stop_is_clean_and_data_survives_a_restart(tmp_path: Path) -> None:
    port = local_neo4j.free_port()
    running, _ = local_neo4j.start(tmp_path, port=port, heap="512m", pagecache="64m")
    try:
        assert local_neo4j.status(tmp_path) == running
        with pytest.raises(local_neo4j.LocalNeo4jError, match="already runs on this data folder"):
            local_neo4j.start(tmp_path, port=local_neo4j.free_port())
        with neo4j.GraphDatabase.driver(running.uri) as driver:
            driver.execute_query("CREATE (:Probe {v: 42})")
    finally:
        assert local_neo4j.stop(tmp_path) == running
    assert local_neo4j.status(tmp_path) is None
    assert not local_neo4j.port_in_use(port)

    again, _ = local_neo4j.start(tmp_path, port=port, heap="512m", pagecache="64m")
    try:
        with neo4j.GraphDatabase.driver(again.uri) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN p.v AS v")
        assert [r["v"] for r in records] == [42]
    finally:
        local_neo4j.stop(tmp_path)


def test_apoc_core_loads_with_apoc(tmp_path: Path) -> None:
    running, _ = local_neo4j.start(
        tmp_path, port=local_neo4j.free_port(), apoc=True, heap="512m", pagecache="64m"
    )
    try:
        with neo4j.GraphDatabase.driver(running.uri) as driver:
            records, _, _ = driver.execute_query("RETURN apoc.version() AS v")
        assert records[0]["v"] == local_neo4j.APOC_VERSION
    finally:
        local_neo4j.stop(tmp_path)
