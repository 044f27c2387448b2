"""`supportweb export DIR`: the whole graph out as SPEC §6 CSV files, which `import` reads
back unchanged (ties carry their ids). Reads go page by page so a large graph never sits
in one result."""

from __future__ import annotations

from pathlib import Path
from typing import LiteralString

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.cypher import PERSON_MAP, TIE_MAP, TIE_TYPES
from graphdb.driver import Database
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    Level,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
)

PAGE = 2_000

PEOPLE_PAGE: LiteralString = (
    "MATCH (p:Person) WHERE p.id > $after WITH p ORDER BY p.id LIMIT $n "
    "RETURN " + PERSON_MAP + " AS person"
)
GROUPS: LiteralString = "MATCH (g:Group) RETURN g {.id, .name, .kind} AS grp ORDER BY g.id"
MEMBERSHIPS_PAGE: LiteralString = (
    "MATCH (p:Person) WHERE p.id > $after WITH p ORDER BY p.id LIMIT $n "
    "MATCH (p)-[m:MEMBER_OF]->(g:Group) "
    "RETURN p.id AS personId, g.id AS groupId, m.role AS role, m.since AS since, p.id AS key"
)
TIES_PAGE: LiteralString = (
    "MATCH (a:Person) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $n "
    "OPTIONAL MATCH (a)-[r:" + TIE_TYPES + "]->(:Person) "
    "RETURN a.id AS key, CASE WHEN r IS NULL THEN null ELSE " + TIE_MAP + " END AS tie"
)


async def read_dataset(db: Database) -> Dataset:
    data = Dataset()
    after = ""
    while rows := await db.read(PEOPLE_PAGE, {"after": after, "n": PAGE}):
        for r in rows:
            p = r["person"]
            data.people.append(
                PersonRecord(
                    id=p["id"],
                    name=p["name"],
                    roles=tuple(Role(x) for x in p["roles"] or []),
                    email=p.get("email"),
                    department=p.get("department"),
                    class_year=p.get("classYear"),
                    level=Level(p["level"]) if p.get("level") else None,
                    interests=tuple(p["interests"]),
                    expertise=tuple(p["expertise"]),
                    open_door=bool(p.get("openDoor")),
                    capacity=p.get("capacity"),
                    serves_levels=tuple(Level(x) for x in p.get("servesLevels") or []),
                )
            )
        after = rows[-1]["person"]["id"]
    data.groups = [
        GroupRecord(g["grp"]["id"], g["grp"]["name"], GroupKind(g["grp"]["kind"]))
        for g in await db.read(GROUPS)
    ]
    ids = [p.id for p in data.people]
    for start in range(0, len(ids), PAGE):
        after = ids[start - 1] if start else ""
        for m in await db.read(MEMBERSHIPS_PAGE, {"after": after, "n": PAGE}):
            data.memberships.append(
                MembershipRecord(m["personId"], m["groupId"], m.get("role"), m.get("since"))
            )
        for row in await db.read(TIES_PAGE, {"after": after, "n": PAGE}):
            t = row["tie"]
            if t is None:
                continue
            data.ties.append(
                TieRecord(
                    id=t["id"],
                    from_id=t["supporterId"],
                    to_id=t["supportedId"],
                    kind=TieKind(t["kind"]),
                    strength=float(t["strength"]),
                    since=t.get("since"),
                    until=t.get("until"),
                    functions=tuple(SupportFunction(f) for f in t.get("functions") or []),
                    formal=bool(t.get("formal")),
                    last_contact=t.get("lastContact"),
                )
            )
    return data


async def export_dir(db: Database, folder: Path) -> dict[str, int]:
    data = await read_dataset(db)
    # A command's last step: nothing else waits on this event loop while the files are written.
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    write_csv_dir(data, folder)
    return data.counts()
