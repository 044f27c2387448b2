"""A small university built through the API, shared by the GraphQL tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import GraphQLClient

TODAY = dt.date.today()
RECENT = (TODAY - dt.timedelta(days=10)).isoformat()

CREATE = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
ADD_TIE = "mutation($i: TieInput!) { addTie(input: $i) { id } }"


async def person(
    client: GraphQLClient, pid: str, name: str, roles: list[str], **extra: Any
) -> None:
    await client.data(CREATE, {"i": {"id": pid, "name": name, "roles": roles, **extra}})


async def tie(client: GraphQLClient, frm: str, to: str, kind: str, **extra: Any) -> str:
    data = await client.data(
        ADD_TIE, {"i": {"kind": kind, "supporterId": frm, "supportedId": to, **extra}}
    )
    tie_id: str = data["addTie"]["id"]
    return tie_id


async def build(client: GraphQLClient) -> dict[str, str]:
    """Ada is well supported; Bo has one supporter; Cy has none. Lee (faculty) advises Ada
    and Bo; Hal (student) knows Ada; Mia (alum) is an open-door solar expert Hal knows."""
    await person(
        client,
        "ada",
        "Ada",
        ["STUDENT"],
        level="UNDERGRADUATE",
        interests=["solar technology"],
        department="Physics",
    )
    await person(client, "bo", "Bo", ["STUDENT"], level="UNDERGRADUATE", department="Physics")
    await person(client, "cy", "Cy", ["STUDENT"], level="UNDERGRADUATE", department="History")
    await person(
        client,
        "lee",
        "Prof Lee",
        ["FACULTY"],
        department="Physics",
        expertise=["physics"],
        openDoor=True,
        capacity=2,
    )
    await person(client, "sam", "Sam Staff", ["STAFF"], department="Careers")
    await person(
        client,
        "mia",
        "Mia Alum",
        ["ALUM"],
        department="Engineering",
        expertise=["Solar Technology"],
        openDoor=True,
        capacity=3,
        servesLevels=["UNDERGRADUATE"],
    )
    await person(client, "hal", "Hal", ["STUDENT"], level="UNDERGRADUATE")
    ids = {
        "lee-ada": await tie(client, "lee", "ada", "ADVISES", strength=0.9, lastContact=RECENT),
        "sam-ada": await tie(
            client,
            "sam",
            "ada",
            "COACHES",
            strength=0.8,
            lastContact=RECENT,
            functions=["CAREER", "PSYCHOSOCIAL"],
        ),
        "mia-ada-old": await tie(
            client, "mia", "ada", "MENTORS", strength=0.8, since="2020-01-01", until="2021-01-01"
        ),
        "hal-ada": await tie(client, "hal", "ada", "KNOWS"),
        "mia-hal": await tie(client, "mia", "hal", "KNOWS", strength=0.7),
        "lee-bo": await tie(client, "lee", "bo", "ADVISES", strength=0.6, lastContact=RECENT),
        "hal-ada-peer": await tie(
            client,
            "hal",
            "ada",
            "PEER_SUPPORTS",
            strength=0.9,
            lastContact=RECENT,
            functions=["PSYCHOSOCIAL", "ACADEMIC"],
        ),
    }
    return ids
