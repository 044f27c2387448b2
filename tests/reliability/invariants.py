"""What must hold of the graph after any fault, whatever was written: the audit chain is
whole, the alert sequence has no gaps, no tie identity is stored twice, every stored
support score equals a fresh computation, and nothing dangles."""

from __future__ import annotations

from typing import LiteralString

from graphdb.audit import verify
from graphdb.driver import Database
from resolvers.support.profiles import support_profiles
from resolvers.support.score_table import refresh_scores

ALERT_SEQS: LiteralString = """
CALL () { MATCH (x:SupportAlert) WITH x.seq AS seq ORDER BY seq RETURN collect(seq) AS seqs }
CALL () { OPTIONAL MATCH (c:AlertCounter) RETURN max(c.n) AS counter }
RETURN seqs, counter
"""

# A tie's id is unique per type by constraint, and across types by the writers' check; a
# tie added without an id gets one derived from (from, to, kind, since), so its identity
# stored twice is its id stored twice.
DUPLICATE_TIES: LiteralString = """
MATCH (:Person)-[r]->(:Person) WHERE r.id IS NOT NULL
WITH r.id AS id, count(*) AS n WHERE n > 1 RETURN id
"""

# Parts of a write that cannot stand alone: an interaction without both parties, a
# person without a role label, a membership to nothing.
DANGLING: LiteralString = """
CALL () {
  MATCH (i:Interaction) WHERE COUNT { (i)<-[:PARTY_TO]-(:Person) } <> 2
  RETURN collect('interaction ' + i.id) AS a
}
CALL () {
  MATCH (p:Person) WHERE NOT (p:Student OR p:Faculty OR p:Staff OR p:Alum OR p:External)
  RETURN collect('person without role label ' + p.id) AS b
}
CALL () {
  MATCH (p:Person) WHERE p.name IS NULL OR p.roles IS NULL
  RETURN collect('person without name or roles ' + coalesce(p.id, '?')) AS c
}
RETURN a + b + c AS problems
"""

PEOPLE: LiteralString = "MATCH (p:Person) RETURN p.id AS id ORDER BY id"
STORED: LiteralString = (
    "MATCH (p:Person) WHERE p:SupportScored "
    "RETURN p.id AS id, p.supportScore AS score, p.supportThin AS thin"
)


async def problems(db: Database) -> list[str]:
    """Every broken invariant, in words; empty when the graph is sound."""
    found: list[str] = []
    audit = await verify(db)
    if not audit.ok:
        found.append(f"audit chain: {audit.problem}")
    row = (await db.read(ALERT_SEQS))[0]
    seqs: list[int] = row["seqs"]
    if seqs and (seqs != list(range(seqs[0], seqs[0] + len(seqs))) or seqs[-1] != row["counter"]):
        found.append(f"alert sequence has gaps: {seqs[:20]}… counter {row['counter']}")
    found += [f"tie identity stored twice: {r['id']}" for r in await db.read(DUPLICATE_TIES)]
    found += (await db.read(DANGLING))[0]["problems"]
    found += await score_problems(db)
    return found


async def score_problems(db: Database) -> list[str]:
    """After the refresh any reader would run, every stored score is what a fresh
    computation from the ties gives (resolvers/support computes profiles live)."""
    await refresh_scores(db)
    ids = [r["id"] for r in await db.read(PEOPLE)]
    fresh = await support_profiles(db, ids)
    stored = {r["id"]: (r["score"], r["thin"]) for r in await db.read(STORED)}
    out = [f"{pid} was never scored" for pid in ids if pid not in stored]
    for pid, profile in fresh.items():
        if pid in stored and stored[pid] != (profile.score, profile.thin):
            out.append(f"{pid}: stored {stored[pid]}, fresh {(profile.score, profile.thin)}")
    return out
