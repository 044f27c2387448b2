"""Bad input against the real server process: a corpus of malformed requests, each answered
with a 4xx or a GraphQL error that carries a code — never a 5xx, never INTERNAL — and the
graph unchanged afterwards (its checksum); and slow clients, which dribble their bodies or
never send them, cut off with 408 while other clients are answered meanwhile.

Injection strings in every string argument, and generated operations, are fuzzed in
tests/test_fuzz.py; here is what a fuzzer of operations cannot send: broken transports.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson

from graphdb.driver import Database
from tests.reliability.harness import ADMIN, OwnNeo4j, checksum, record_figures, serving
from tests.reliability.workload import CREATE_PERSON, base_people

# The server's SUPPORTWEB_BODY_TIMEOUT_S in this test: long enough for another client's read
# to be answered before it on a loaded machine, where one can take a second.
BODY_TIMEOUT_S = 3.0
MAX_BODY = 256 * 1024  # the default SUPPORTWEB_MAX_BODY_BYTES
SLOW_CLIENTS = 12
# The schema's answer to these is null, not an error (``person(id:)``: "null when no one has
# that id").
NULL_IS_THE_ANSWER = {"an unknown person"}
JSON = {"content-type": "application/json", **ADMIN}


@dataclass
class Case:
    name: str
    body: bytes
    headers: dict[str, str]
    method: str = "POST"


def gql(query: str, variables: Any = None, **extra: Any) -> bytes:
    return orjson.dumps({"query": query, "variables": variables or {}, **extra})


def _corpus() -> list[Case]:
    cases: list[Case] = []

    def add(
        name: str, body: bytes | str, headers: dict[str, str] = JSON, method: str = "POST"
    ) -> None:
        cases.append(Case(name, body.encode() if isinstance(body, str) else body, headers, method))

    person = "query($id: ID!) { person(id: $id) { id name } }"
    # Transport: JSON that is not JSON, or not the shape of a request.
    add("empty body", b"")
    add("truncated JSON", b'{"query": "{ people { totalCount } }"')
    add("not JSON", b"query { people { totalCount } }")
    add("NaN", b'{"query": "{ people { totalCount } }", "variables": {"x": NaN}}')
    add("Infinity", b'{"query": "{ people { totalCount } }", "variables": {"x": Infinity}}')
    add("bytes that are not UTF-8", b'{"query": "\xff\xfe{ people { totalCount } }"}')
    add("a lone surrogate", '{"query": "' + person + '", "variables": {"id": "\\ud800"}}')
    add("a JSON string", b'"{ people { totalCount } }"')
    add("a JSON number", b"42")
    add("JSON null", b"null")
    add("no query", b"{}")
    add("query not a string", b'{"query": 5}')
    add("variables not an object", b'{"query": "{ people { totalCount } }", "variables": [1]}')
    add("operationName not a string", gql("{ people { totalCount } }", operationName=7))
    add("unknown operationName", gql("query A { people { totalCount } }", operationName="B"))
    add("batched operations", b"[" + b",".join([gql("{ people { totalCount } }")] * 50) + b"]")
    add("an empty batch", b"[]")
    # Content types and methods.
    plain = {"content-type": "text/plain", **ADMIN}
    add("text/plain", gql("{ people { totalCount } }"), plain)
    add("application/xml", b"<query/>", {"content-type": "application/xml", **ADMIN})
    add("no content type", gql("{ people { totalCount } }"), {**ADMIN})
    form = {"content-type": "application/x-www-form-urlencoded", **ADMIN}
    add("a form", b"query=%7B+people+%7B+totalCount+%7D+%7D", form)
    multi = {"content-type": "multipart/form-data; boundary=x", **ADMIN}
    add("a broken multipart body", b"--x\r\nnonsense", multi)
    add("PUT", gql("{ people { totalCount } }"), JSON, "PUT")
    add("DELETE", b"", JSON, "DELETE")
    add("a mutation over GET", b"", JSON, "GET mutation")
    add("a subscription over POST", gql("subscription { supportAlerts { kind } }"))
    # Documents.
    add("a syntax error", gql("{ people { totalCount "))
    add("an unknown field", gql("{ nobody { id } }"))
    add(
        "deep",
        gql(
            "{ people { edges { node "
            + "{ supporters { person " * 12
            + "{ id"
            + " } }" * 12
            + " } } } }"
        ),
    )
    add(
        "an alias bomb",
        gql("{ " + " ".join(f"a{i}: people {{ totalCount }}" for i in range(200)) + " }"),
    )
    add("a token bomb", gql("{ people { " + "totalCount " * 3000 + "} }"))
    add("a fragment cycle", gql("{ people { ...A } } fragment A on PersonConnection { ...A }"))
    add("a directive bomb", gql("{ people { totalCount " + "@include(if: true) " * 500 + "} }"))
    add("a costly page", gql("{ people(first: 100000) { edges { node { id } } } }"))
    # Wrong types and values in variables.
    add("an id that is a list", gql(person, {"id": ["a", "b"]}))
    add("an id that is an object", gql(person, {"id": {"$ne": None}}))
    add("a missing variable", gql(person))
    add("first: a string", gql("query($n: Int!) { people(first: $n) { totalCount } }", {"n": "x"}))
    add(
        "first: past 32 bits",
        gql("query($n: Int!) { people(first: $n) { totalCount } }", {"n": 2**40}),
    )
    add("first: negative", gql("{ people(first: -1) { totalCount } }"))
    add(
        "an unknown enum value",
        gql(CREATE_PERSON, {"i": {"id": "x1", "name": "X", "roles": ["KING"]}}),
    )
    add(
        "an id against its rule",
        gql(CREATE_PERSON, {"i": {"id": "x y/../", "name": "X", "roles": ["STUDENT"]}}),
    )
    add(
        "a huge string",
        gql(CREATE_PERSON, {"i": {"id": "x2", "name": "n" * 200_000, "roles": ["STUDENT"]}}),
    )
    many = ["t" + str(i) for i in range(20_000)]
    add(
        "a huge list",
        gql(
            CREATE_PERSON, {"i": {"id": "x3", "name": "X", "roles": ["STUDENT"], "interests": many}}
        ),
    )
    add(
        "a list of lists",
        gql(CREATE_PERSON, {"i": {"id": "x4", "name": "X", "roles": [["STUDENT"]]}}),
    )
    add(
        "a date that is not one",
        gql('mutation { logInteraction(fromId: "base0", toId: "base1", at: "2025-02-30") { id } }'),
    )
    add(
        "a strength out of range",
        gql(
            "mutation($i: TieInput!) { addTie(input: $i) { id } }",
            {
                "i": {"kind": "MENTOR", "supporterId": "base0", "supportedId": "base1"}
                | {"strength": 7}
            },
        ),
    )
    # Unknown ids.
    add("an unknown person", gql(person, {"id": "nobody-at-all"}))
    add(
        "a tie to no one",
        gql(
            "mutation($i: TieInput!) { addTie(input: $i) { id } }",
            {"i": {"kind": "MENTOR", "supporterId": "base0", "supportedId": "ghost"}},
        ),
    )
    add("an unknown tie", gql('mutation { updateTie(id: "ghost", patch: {strength: 0.4}) { id } }'))
    add(
        "an interaction of strangers",
        gql('mutation { logInteraction(fromId: "ghost", toId: "base1", at: "2025-01-01") { id } }'),
    )
    add(
        "ending an unknown membership",
        gql('mutation { endMembership(personId: "ghost", groupId: "none") }'),
    )
    # Size and authority.
    add("an oversized body", gql("{ people { totalCount } }", {"pad": "x" * (MAX_BODY + 1)}))
    add(
        "no token",
        gql('mutation { endMembership(personId: "base0", groupId: "g") }'),
        {"content-type": "application/json"},
    )
    bad_token = {"content-type": "application/json", "authorization": "Bearer not.a.token"}
    add("a forged token", gql("{ people { totalCount } }"), bad_token)
    return cases


@dataclass
class Answer:
    case: str
    status: int
    codes: list[str]
    data_changed: bool = False


async def _send(http: httpx.AsyncClient, case: Case) -> Answer:
    if case.method == "GET mutation":
        params = {"query": 'mutation { endMembership(personId: "base0", groupId: "g") }'}
        r = await http.get("/graphql", params=params, headers=ADMIN)
    else:
        r = await http.request(case.method, "/graphql", content=case.body, headers=case.headers)
    codes: list[str] = []
    try:
        body = r.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        codes = [str((e.get("extensions") or {}).get("code")) for e in body["errors"]]
    return Answer(case.name, r.status_code, codes)


def _clear(answer: Answer) -> str | None:
    """What is wrong with an answer, or None: a 4xx with GraphQL-shaped errors (Starlette's
    405 for a method /graphql does not take is plain text, and clear), or a 200 whose
    errors each carry a code other than INTERNAL."""
    if answer.status >= 500:
        return f"{answer.case}: {answer.status}"
    if "INTERNAL" in answer.codes or "None" in answer.codes:
        return f"{answer.case}: codes {answer.codes}"
    if answer.status == 405:
        return None
    if not answer.codes and not (answer.status == 200 and answer.case in NULL_IS_THE_ANSWER):
        return f"{answer.case}: {answer.status} without an error code"
    return None


async def _dribble(port: int, *, send_any: bool) -> tuple[str, float, float]:
    """A client that sends its headers, then its body one byte every 0.2 s (or nothing at
    all), and reads what the server says; returns its status line, how long it was
    connected and when it was cut off."""
    began = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = gql("{ people { totalCount } }")
    head = (
        f"POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"authorization: {ADMIN['authorization']}\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()

    async def trickle() -> None:
        for byte in body[: len(body) - 1]:  # never the whole body
            if not send_any:
                break
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.2)

    sending = asyncio.create_task(trickle())
    try:
        status = (await asyncio.wait_for(reader.readline(), 30)).decode().strip()
        await asyncio.wait_for(reader.read(), 30)  # the rest, until the server closes
    finally:
        sending.cancel()
        writer.close()
    ended = time.monotonic()
    return status, ended - began, ended


async def test_a_corpus_of_bad_requests_changes_nothing_and_is_answered_clearly(
    own: OwnNeo4j, logs: Path
) -> None:
    env = {"SUPPORTWEB_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S)}
    with serving(own.uri, logs / "server.log", env=env) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
            await base_people(http, 4)
            db = Database(own.config())
            try:
                before = await checksum(db)
                corpus = _corpus()
                answers = await asyncio.gather(*(_send(http, case) for case in corpus))
                after = await checksum(db)
            finally:
                await db.close()
            unclear = [w for a in answers if (w := _clear(a))]
            assert unclear == []
            assert before == after, "a bad request changed the graph"

            # Slow clients: half dribble their bodies, half never send one; meanwhile
            # another client's reads are answered, each well within the body timeout.
            slow = [
                asyncio.create_task(_dribble(server.port, send_any=i % 2 == 0))
                for i in range(SLOW_CLIENTS)
            ]
            meanwhile: list[float] = []  # when each of its answers came
            while not all(t.done() for t in slow):
                query = {"query": "{ people { totalCount } }"}
                r = await http.post("/graphql", json=query, headers=ADMIN)
                assert r.json() == {"data": {"people": {"totalCount": 4}}}
                meanwhile.append(time.monotonic())
                await asyncio.sleep(0.05)
            cut_off = [t.result() for t in slow]
        assert server.proc is not None and server.proc.poll() is None

    statuses = Counter(s for s, _, _ in cut_off)
    assert statuses == Counter({"HTTP/1.1 408 Request Timeout": SLOW_CLIENTS})
    # Answered while every slow client still held its connection, not only after.
    first_cut_off = min(ended for _, _, ended in cut_off)
    assert [t for t in meanwhile if t < first_cut_off]
    record_figures(
        "bad_input",
        {
            "corpus": len(answers),
            "statuses": dict(sorted(Counter(str(a.status) for a in answers).items())),
            "codes": dict(sorted(Counter(c for a in answers for c in a.codes).items())),
            "internal": 0,
            "graph_changed": False,
            "answers": {a.case: [a.status, *sorted(set(a.codes))] for a in answers},
            "slow_clients": SLOW_CLIENTS,
            "slow_clients_cut_off_408": statuses["HTTP/1.1 408 Request Timeout"],
            "slowest_cut_off_s": round(max(t for _, t, _ in cut_off), 2),
            "requests_answered_meanwhile": len(meanwhile),
            "answered_before_the_first_cut_off": sum(t < first_cut_off for t in meanwhile),
        },
    )
