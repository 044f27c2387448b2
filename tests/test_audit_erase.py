"""The audit trail and erasure, as an admin sees them."""

from __future__ import annotations

import asyncio

from graphdb.audit import AuditEvent, record, verify
from graphdb.driver import Database, Neo4jConfig
from resolvers.audit import audit_key
from resolvers.auth import ViewerRole
from supportweb.settings import Settings
from tests.conftest import TEST_SECRET, GraphQLClient

LOG = """query($f: AuditFilterInput, $after: String) {
  auditLog(filter: $f, first: 2, after: $after) {
    totalCount hasNextPage endCursor edges { node { actor roles action subjects allowed } } } }"""


async def _people(client: GraphQLClient) -> None:
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
    for pid, roles in (("s1", ["STUDENT"]), ("s2", ["STUDENT"]), ("f1", ["FACULTY"])):
        await client.data(
            create,
            {"i": {"id": pid, "name": f"Name {pid}", "roles": roles, "email": f"{pid}@uni.edu"}},
        )
    await client.data(
        'mutation { addTie(input: {kind: ADVISES, supporterId: "f1", supportedId: "s1"}) { id } }'
    )
    await client.data('mutation { createGroup(input: {id: "g1", name: "Lab", kind: LAB}) { id } }')
    await client.data('mutation { addMembership(input: {personId: "s1", groupId: "g1"}) { role } }')


async def test_reads_of_a_support_web_and_refusals_are_audited(client: GraphQLClient) -> None:
    await _people(client)
    student = client.as_(ViewerRole.STUDENT, sub="s2")
    await student.post('{ person(id: "s1") { supporters { kind } } }')
    advisor = client.as_(ViewerRole.ADVISOR, sub="f1")
    await advisor.data('{ person(id: "s1") { supporters { kind } } }')
    # One event per request and subject, named after its root fields; a refused field is
    # its own event, named after the field.
    allowed = await client.data(LOG, {"f": {"subject": "s1", "action": "person"}})
    assert [e["node"] for e in allowed["auditLog"]["edges"]] == [
        {
            "actor": "f1",
            "roles": ["ADVISOR"],
            "action": "person",
            "subjects": ["s1"],
            "allowed": True,
        }
    ]
    refused = await client.data(LOG, {"f": {"subject": "s1", "action": "Person.supporters"}})
    assert [e["node"] for e in refused["auditLog"]["edges"]] == [
        {
            "actor": "s2",
            "roles": ["STUDENT"],
            "action": "Person.supporters",
            "subjects": ["s1"],
            "allowed": False,
        }
    ]


async def test_writes_are_audited_and_the_log_pages(client: GraphQLClient) -> None:
    await _people(client)
    seen: list[str] = []
    after = None
    while True:
        page = (await client.data(LOG, {"f": {"actor": "token:admin"}, "after": after}))["auditLog"]
        seen += [e["node"]["action"] for e in page["edges"]]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    # Newest first: every write of _people, each its own event.
    assert seen == [
        "addMembership",
        "createGroup",
        "addTie",
        "createPerson",
        "createPerson",
        "createPerson",
    ]
    assert page["totalCount"] == 6


async def test_readyz_says_what_the_audit_writer_has_written(client: GraphQLClient) -> None:
    await _people(client)  # six writes, each audited before it answers
    ready = (await client.http.get("/readyz")).json()
    audit = ready["audit"]
    assert audit["stored"] >= 6 and audit["pending"] == 0 and audit["failedBatches"] == 0
    assert 1 <= audit["batches"] <= audit["stored"]
    assert audit["eventsPerBatch"] == round(audit["stored"] / audit["batches"], 1)


async def test_only_admins_read_the_audit(client: GraphQLClient) -> None:
    error = await client.as_(ViewerRole.RESEARCHER).error(LOG)
    assert error["extensions"]["code"] == "FORBIDDEN"


async def _every_stored_value(db: Database) -> list[str]:
    """Every property value of every node and relationship, as text."""
    rows = await db.read(
        "CALL () { MATCH (n) UNWIND keys(n) AS k RETURN n[k] AS v "
        "UNION ALL MATCH ()-[r]->() UNWIND keys(r) AS k RETURN r[k] AS v } RETURN v"
    )
    return [str(r["v"]) for r in rows]


async def test_erasure_leaves_no_trace_and_detaches_the_audit(
    client: GraphQLClient, db: Database
) -> None:
    await _people(client)
    await client.data('{ person(id: "s2") { id } }')
    advisor = client.as_(ViewerRole.ADVISOR, sub="f1")
    await advisor.data('{ person(id: "s1") { supporters { kind } } }')
    student = client.as_(ViewerRole.STUDENT, sub="s1")
    await student.data('{ person(id: "s1") { email } }')
    # An alert about someone else whose reasons name the person to be erased.
    await db.write(
        "CREATE (:SupportAlert {seq: 1, personId: 's2', reasons: ['only one person supports "
        "you: Name s1'], thin: true, newScore: 10.0, at: datetime()}), "
        "(:SupportAlert {seq: 2, personId: 's1', reasons: ['no supporters'], thin: true, "
        "newScore: 0.0, at: datetime()})"
    )
    erased = await client.data(
        'mutation { erasePerson(id: "s1") { pseudonym tiesRemoved membershipsRemoved '
        "auditEventsPseudonymised } }"
    )
    alias = audit_key(Settings(supportweb_secret=TEST_SECRET).pseudonym_key(), "s1")
    assert erased["erasePerson"] == {
        "pseudonym": alias,
        "tiesRemoved": 1,
        "membershipsRemoved": 1,
        # createPerson, addTie, addMembership, the advisor's read, their own read, erasePerson
        "auditEventsPseudonymised": 6,
    }
    await client.settle()
    values = await _every_stored_value(db)
    assert [v for v in values if "s1" in v.split("'") or v == "s1" or "Name s1" in v] == []
    assert "a former supporter" in " ".join(values)
    assert await client.data('{ person(id: "s1") { id } }') == {"person": None}
    # The audit keeps every event, naming them by key only.
    log = await client.data(LOG.replace("first: 2", "first: 50"), {"f": {"subject": "s1"}})
    assert log["auditLog"]["totalCount"] == 0
    keyed = await client.data(LOG.replace("first: 2", "first: 50"), {"f": {"subject": alias}})
    actions = sorted(e["node"]["action"] for e in keyed["auditLog"]["edges"])
    assert actions == ["addMembership", "addTie", "createPerson", "erasePerson", "person", "person"]
    # Their token is refused from now on, and their id is not given out again by accident.
    refused = await student.error('{ person(id: "f1") { id } }')
    assert refused["extensions"]["code"] == "UNAUTHENTICATED"
    assert "erased" in refused["message"]
    taken = await client.error(
        'mutation { createPerson(input: {id: "s1", name: "New", roles: [STUDENT]}) { id } }'
    )
    assert taken["extensions"]["code"] == "CONFLICT"
    again = await client.error('mutation { erasePerson(id: "s1") { pseudonym } }')
    assert again["extensions"]["code"] == "NOT_FOUND"


async def test_a_changed_or_removed_audit_event_is_detected(
    client: GraphQLClient, db: Database
) -> None:
    await _people(client)
    await client.settle()
    assert (await verify(db)).ok
    whole = (await verify(db)).events
    assert whole == 6  # three people, a tie, a group and a membership: one event each
    await db.write("MATCH (e:AuditEvent {seq: 3}) SET e.action = 'readNothing'")
    broken = await verify(db)
    assert broken.problem == "event 3 was changed: its hash does not match"
    assert broken.events == 2
    await db.write("MATCH (e:AuditEvent {seq: 3}) SET e.action = 'createPerson'")
    assert (await verify(db)).ok
    await db.write("MATCH (e:AuditEvent {seq: 2}) DETACH DELETE e")
    assert (await verify(db)).problem == "event 2 is missing (found 3 next)"


async def test_two_processes_start_the_chain_at_once(
    db: Database, neo4j_config: Neo4jConfig
) -> None:
    """Two servers' first audit writes on an empty graph: one head, one unbroken chain."""
    other = Database(neo4j_config)  # its own driver and pool, as a second process has
    try:

        def events(actor: str) -> list[AuditEvent]:
            return [
                AuditEvent(
                    actor=actor, roles=("ADMIN",), action="people", subjects=(), allowed=True
                )
            ]

        for _ in range(5):
            await db.write(
                "MATCH (n) WHERE n:AuditEvent OR n:AuditHead OR n:AuditName DETACH DELETE n"
            )
            await asyncio.gather(record(db, events("a")), record(other, events("b")))
            heads = await db.read("MATCH (h:AuditHead) RETURN count(h) AS n, max(h.seq) AS seq")
            assert (heads[0]["n"], heads[0]["seq"]) == (1, 2)
            assert (await verify(db)).ok
    finally:
        await other.close()


async def test_a_batch_names_each_person_once_and_links_every_event_to_them(
    db: Database,
) -> None:
    from graphdb.audit import Named

    def named(pid: str) -> Named:
        return Named(f"k-{pid}", pid, f"t-{pid}")

    await db.write("CREATE (:Tombstone {key: 't-gone'})")
    events = [
        # An actor who is also named, about two people; the same people again; an actor
        # named only by label, about someone erased and someone not given a name.
        AuditEvent(
            "k-a",
            ("ADVISOR",),
            "person",
            ("k-s1", "k-s2"),
            True,
            (named("a"), named("s1"), named("s2")),
        ),
        AuditEvent("k-a", ("ADVISOR",), "person", ("k-s1",), True, (named("a"), named("s1"))),
        AuditEvent("token:admin", ("ADMIN",), "people", ("k-gone", "k-x"), True, (named("gone"),)),
    ]
    await record(db, events)

    names = await db.read("MATCH (n:AuditName) RETURN n.key AS key, n.id AS id ORDER BY key")
    assert names == [
        {"key": "k-a", "id": "a"},
        {"key": "k-gone", "id": None},  # buried: the name never carries the id again
        {"key": "k-s1", "id": "s1"},
        {"key": "k-s2", "id": "s2"},
    ]
    links = await db.read(
        "MATCH (e:AuditEvent)-[r]->(n:AuditName) "
        "RETURN e.seq AS seq, type(r) AS link, n.key AS key ORDER BY seq, link, key"
    )
    assert [(r["seq"], r["link"], r["key"]) for r in links] == [
        (1, "ABOUT", "k-s1"),
        (1, "ABOUT", "k-s2"),
        (1, "BY", "k-a"),
        (2, "ABOUT", "k-s1"),
        (2, "BY", "k-a"),
        (3, "ABOUT", "k-gone"),
    ]
    assert (await verify(db)).ok
