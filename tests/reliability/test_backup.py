"""`supportweb backup OUT` and `supportweb restore IN` on the local Neo4j: a round trip
gives back the graph it was taken of — everything, audit and migrations included, by
checksum — and the commands refuse what would lose data (an existing archive, a running
Neo4j, a store restored over without --replace)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.seed import generate
from supportweb.cli import main
from tests.reliability.harness import OwnNeo4j, checksum, record_figures


async def _checksum(own: OwnNeo4j) -> str:
    db = Database(own.config())
    try:
        return await checksum(db, everything=True)
    finally:
        await db.close()


def _refused(*argv: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 1


async def test_a_backup_restores_the_graph_it_was_taken_of(
    own: OwnNeo4j, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database(own.config())
    try:
        await write_dataset(db, generate(200, 7))
    finally:
        await db.close()
    taken = await _checksum(own)
    data, out = str(own.data), str(tmp_path / "supportweb.tar.gz")

    own.stop()
    main(["backup", out, "--data", data])
    _refused("backup", out, "--data", data)  # an archive is never overwritten
    own.start()

    db = Database(own.config())
    try:
        await db.write("MATCH (p:Person) WITH p LIMIT 10 DETACH DELETE p")
    finally:
        await db.close()
    assert await _checksum(own) != taken

    _refused("restore", out, "--data", data)  # Neo4j is running
    own.stop()
    _refused("restore", out, "--data", data)  # a store is there, and no --replace
    main(["restore", out, "--data", data, "--replace"])
    own.start()
    assert await _checksum(own) == taken

    said = capsys.readouterr()
    assert "backup written to" in said.out and "stop it first" in said.err
    assert "--replace" in said.err and "restored" in said.out
    record_figures("backup", {"backup": said.out.splitlines()[0], "round_trip": True})
