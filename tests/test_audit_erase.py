"""The audit trail and erasure, as an admin sees them."""

from __future__ import annotations

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from resolvers.pseudonyms import pseudonym
from supportweb.settings import Settings
from tests.conftest import TEST_SECRET, GraphQLClient

LOG = """query($f: AuditFilterInput, $after: String) {
  auditLog(filter: $f, first: 2, after: $after) {
    totalCount hasNextPage endCursor edges { node { actor roles action subject allowed } } } }"""


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
        {"actor": "f1", "roles": ["ADVISOR"], "action": "person", "subject": "s1", "allowed": True}
    ]
    refused = await client.data(LOG, {"f": {"subject": "s1", "action": "Person.supporters"}})
    assert [e["node"] for e in refused["auditLog"]["edges"]] == [
        {
            "actor": "s2",
            "roles": ["STUDENT"],
            "action": "Person.supporters",
            "subject": "s1",
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
    assert page["totalCount"] == len(seen) >= 6
    assert seen.count("createPerson") == 3 and "addTie" in seen and "addMembership" in seen


async def test_only_admins_read_the_audit(client: GraphQLClient) -> None:
    error = await client.as_(ViewerRole.RESEARCHER).error(LOG)
    assert error["extensions"]["code"] == "FORBIDDEN"


async def test_erasure_removes_the_person_and_pseudonymises_the_audit(
    client: GraphQLClient, db: Database
) -> None:
    await _people(client)
    await client.as_(ViewerRole.ADVISOR, sub="f1").data(
        '{ person(id: "s1") { supporters { kind } } }'
    )
    erased = await client.data(
        'mutation { erasePerson(id: "s1") { pseudonym tiesRemoved membershipsRemoved '
        "auditEventsPseudonymised } }"
    )
    alias = pseudonym(Settings(supportweb_secret=TEST_SECRET).pseudonym_key(), "s1")
    assert erased["erasePerson"]["pseudonym"] == alias
    assert erased["erasePerson"]["tiesRemoved"] == 1
    assert erased["erasePerson"]["membershipsRemoved"] == 1
    assert erased["erasePerson"]["auditEventsPseudonymised"] >= 2
    assert await client.data('{ person(id: "s1") { id } }') == {"person": None}
    assert (await client.data('{ person(id: "f1") { supporting { id } } }'))["person"] == {
        "supporting": []
    }
    await client.data(LOG)  # the listing writes pending events first
    leftover = await db.read(
        "MATCH (e:AuditEvent) WHERE e.subject = 's1' OR e.actor = 's1' RETURN count(e) AS n"
    )
    assert leftover == [{"n": 0}]
    kept = await db.read(
        "MATCH (e:AuditEvent {subject: $a}) RETURN collect(DISTINCT e.action) AS actions",
        {"a": alias},
    )
    assert sorted(kept[0]["actions"]) == [
        "addMembership",
        "addTie",
        "createPerson",
        "erasePerson",
        "person",
    ]
    again = await client.error('mutation { erasePerson(id: "s1") { pseudonym } }')
    assert again["extensions"]["code"] == "NOT_FOUND"
