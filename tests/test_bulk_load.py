"""Loading at scale (docs/scale.md), on small graphs: the offline importer writes exactly
the graph the online path writes; a failed offline import leaves the old store; the
online write is idempotent in its large (IN TRANSACTIONS) mode and marks whom it changed;
an interrupted score build resumes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import (
    ImportRejected,
    import_dir,
    read_files,
    read_folder,
    read_folder_offline,
)
from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.local.neo4j import LocalNeo4jError
from graphdb.migrate import migrate
from graphdb.model import Dataset, PersonRecord, Role, TieKind, TieRecord
from graphdb.score_table import stale_state
from graphdb.seed import build, generate
from resolvers.bulk_load import graph_is_empty, load_offline
from resolvers.support import score_table
from resolvers.support.score_table import rebuild_scores, refresh_scores
from supportweb.cli import build_parser
from supportweb.settings import Settings
from tests.snapshot import snapshot

STATE = "MATCH (m:Migration) RETURN m.version AS v, m.appliedAt AS at ORDER BY v"


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A local Neo4j of this module's own: the offline importer stops and restarts it."""
    data = tmp_path_factory.mktemp("offline-neo4j")
    local_neo4j.start(data, port=local_neo4j.free_port(), heap="512m", pagecache="128m")
    try:
        yield data
    finally:
        local_neo4j.stop(data)


@pytest.fixture
async def own_db(own_neo4j: Path) -> AsyncIterator[Database]:
    running = local_neo4j.status(own_neo4j)
    assert running is not None
    db = Database(Neo4jConfig(running.uri, query_timeout_s=120))
    await migrate(db)
    await db.write("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")
    try:
        yield db
    finally:
        await db.close()


def _university() -> Dataset:
    data = generate(260, seed=11)
    # A name with a comma, quotes and a line break, and a supporter with no department:
    # the offline importer's CSV must carry them as the online path does.
    first = data.people[0]
    data.people[0] = replace(first, name='Ann "Nan", the\nsecond', department=None)
    return data


async def test_offline_import_writes_the_graph_the_online_path_writes(
    db: Database, own_db: Database, own_neo4j: Path, tmp_path: Path
) -> None:
    write_csv_dir(_university(), tmp_path)
    await import_dir(db, tmp_path)
    await refresh_scores(db)
    online = await snapshot(db)

    assert await graph_is_empty(own_db)
    checked = await read_folder_offline(own_db, tmp_path)
    dataset, ties, memberships = checked.dataset, checked.ties, checked.memberships
    # The ties and memberships read as columns (people.csv's first name needs quoting).
    assert ties and len(ties) > 1_000 and memberships and len(memberships) > 200
    direct = read_files(tmp_path, columns=True)
    assert direct.ties is not None and direct.memberships is not None
    assert not dataset.ties and not dataset.memberships
    report = await load_offline(own_db, dataset, own_neo4j, memberships=memberships, ties=ties)
    assert report.path == "offline" and report.scored == len(dataset.people)
    running = local_neo4j.status(own_neo4j)
    assert running is not None
    after = Database(Neo4jConfig(running.uri, query_timeout_s=120))
    try:
        offline = await snapshot(after)
        # Scored as the online table scores (assess, person by person): nothing to redo.
        assert not (await stale_state(after)).has_work
    finally:
        await after.close()
    assert offline[0] == online[0]
    assert offline[1] == online[1]
    assert len(online[1]) > 2_000


async def test_a_failed_offline_import_leaves_the_old_store(
    own_db: Database, own_neo4j: Path
) -> None:
    before = await own_db.read(STATE)
    port = local_neo4j.status(own_neo4j).port  # type: ignore[union-attr]
    # A tie to someone the records do not hold: the importer itself refuses it (the
    # validation upstream would have; this stands for any failure of the importer).
    broken = Dataset(
        people=[PersonRecord("a", "A", (Role.STUDENT,))],
        ties=[TieRecord("t", "a", "ghost", TieKind.KNOWS)],
    )
    with pytest.raises(LocalNeo4jError, match="offline import failed"):
        await load_offline(own_db, broken, own_neo4j)
    running = local_neo4j.status(own_neo4j)
    assert running is not None and running.port == port  # started again, as it ran
    again = Database(Neo4jConfig(running.uri))
    try:
        assert await again.read(STATE) == before  # the very same store
        assert await graph_is_empty(again)
    finally:
        await again.close()
    assert not (own_neo4j / "offline-import").exists()


async def test_a_rejected_folder_stops_nothing(
    own_db: Database, own_neo4j: Path, tmp_path: Path
) -> None:
    (tmp_path / "people.csv").write_text("id,name,roles\ns 1,,PROF\n")
    pid = local_neo4j.status(own_neo4j).pid  # type: ignore[union-attr]
    with pytest.raises(ImportRejected):
        await read_folder(own_db, tmp_path)
    assert local_neo4j.status(own_neo4j).pid == pid  # type: ignore[union-attr]


async def test_seed_into_an_empty_local_graph_writes_the_programs_too(
    own_db: Database, own_neo4j: Path
) -> None:
    running = local_neo4j.status(own_neo4j)
    assert running is not None
    settings = Settings(neo4j_uri=running.uri, supportweb_data_dir=own_neo4j)
    args = build_parser().parse_args(["seed", "--people", "220", "--fast"])
    # The command runs its own event loop, so in a thread of its own.
    await asyncio.to_thread(args.func, args, settings)
    expected = build(220, 7)[1]
    after = Database(Neo4jConfig(running.uri, query_timeout_s=120))
    try:
        row = await after.read_one(
            "RETURN COUNT { (:Program) } AS programs, "
            "COUNT { (:Person)-[:MENTOR_IN|MENTEE_IN]->(:Program) } "
            "AS enrolments, COUNT { (:MentorshipRequest) } AS requests, "
            "COUNT { ()-[t:MENTORS]->() WHERE t.programId IS NOT NULL } AS linked, "
            "COUNT { (:Person) } AS people"
        )
        assert not (await stale_state(after)).has_work  # scored by the offline path
    finally:
        await after.close()
    assert row is not None
    assert {k: row[k] for k in ("programs", "enrolments", "requests")} == expected.counts()
    assert row["linked"] > 0 and row["people"] == 220


async def test_large_writes_are_idempotent_and_mark_whom_they_change(db: Database) -> None:
    data = generate(220, seed=5)
    # single_tx_limit 0: every step as CALL { … } IN TRANSACTIONS OF 100 ROWS.
    first = await write_dataset(db, data, single_tx_limit=0, batch_size=100)
    assert first.written == first.rows
    await refresh_scores(db)
    before = await snapshot(db)
    again = await write_dataset(db, data, single_tx_limit=0, batch_size=100)
    assert again.written == len(data.groups)  # groups are written anyway; nothing else
    assert await snapshot(db) == before
    assert not (await stale_state(db)).has_work

    support = next(i for i, t in enumerate(data.ties) if t.kind is not TieKind.KNOWS)
    tie = data.ties[support]
    data.ties[support] = replace(tie, strength=0.01 if tie.strength != 0.01 else 0.02)
    supporter = next(p for p in data.people if p.id == tie.from_id)
    renamed = replace(supporter, name=supporter.name + " Jr")
    data.people[data.people.index(supporter)] = renamed
    changed = await write_dataset(db, data, single_tx_limit=0, batch_size=100)
    assert changed.written == len(data.groups) + 2
    supported = {
        r["id"]
        for r in await db.read(
            "MATCH (:Person {id: $id})-[:ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|"
            "SUPERVISES]->(p:Person) RETURN DISTINCT p.id AS id",
            {"id": supporter.id},
        )
    }
    stale = set((await stale_state(db)).stale)
    assert stale == supported | {supporter.id, tie.to_id}


async def test_an_interrupted_build_resumes_where_it_stopped(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await write_dataset(db, generate(300, seed=3))
    await refresh_scores(db)
    expected = await snapshot(db)
    monkeypatch.setattr(score_table, "REFRESH_CHUNK", 50)
    monkeypatch.setattr(score_table, "REFRESH_PARALLEL", 1)
    real = score_table._rescore_chunk
    calls = 0

    async def failing(*args: object, **kwargs: object) -> list[score_table.ScoreChange]:
        nonlocal calls
        calls += 1
        if calls > 2:
            raise RuntimeError("the machine went away")
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(score_table, "_rescore_chunk", failing)
    with pytest.raises(RuntimeError):
        await rebuild_scores(db)
    left = (await stale_state(db)).stale
    assert len(left) == 300 - 100  # two chunks of 50 were stored before it stopped
    monkeypatch.setattr(score_table, "_rescore_chunk", real)
    resumed = await refresh_scores(db)
    assert resumed.rescored == len(left)  # only the people still to do
    assert await snapshot(db) == expected
    assert not (await stale_state(db)).has_work


async def test_the_files_an_offline_import_wrote_are_nothing_to_import_again(
    own_db: Database, own_neo4j: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_csv_dir(generate(210, seed=4), tmp_path)
    running = local_neo4j.status(own_neo4j)
    assert running is not None
    settings = Settings(neo4j_uri=running.uri, supportweb_data_dir=own_neo4j)

    def supportweb_import(*extra: str) -> str:
        args = build_parser().parse_args(["import", str(tmp_path), *extra])
        args.func(args, settings)
        return capsys.readouterr().out

    # The command runs its own event loop, so in a thread of its own.
    first = await asyncio.to_thread(supportweb_import, "--fast")
    assert "(offline:" in first
    again = await asyncio.to_thread(supportweb_import)
    assert again.startswith("nothing to import: these files were imported last")
    checked = await asyncio.to_thread(supportweb_import, "--recheck")
    assert "imported 210 from people.csv" in checked and "(online:" in checked
