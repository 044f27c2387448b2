"""Mentorship requests (SPEC §8): PENDING -> ACCEPTED | DECLINED | CANCELLED | EXPIRED,
ACCEPTED -> COMPLETED, and accepted proposals.

Each write is one transaction that first takes the locks of graphdb.programs.requests
(the people by id, the program, the request), then decides and writes in the graph:
concurrent accepts for one mentor queue on the mentor's lock, and the later ones count
the earlier ones' ties, so no capacity is ever exceeded. A refusal found there is raised
here after the transaction, so an expiry it found and stored is kept.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphdb.driver import Database, Row, Tx
from graphdb.errors import BadInput, Conflict, NotFound
from graphdb.model import DEFAULT_FUNCTIONS, DEFAULT_STRENGTH, TieKind
from graphdb.people import existing_ids
from graphdb.programs import requests as store
from graphdb.programs.records import RequestStatus
from graphdb.score_table import mark_stale
from graphdb.validation import MAX_MESSAGE_LENGTH, ValidationError, check_long_text
from resolvers.alerts import after_support_write
from resolvers.pagination import Cursors, Page, check_first
from resolvers.programs import actors, words
from resolvers.programs.actors import Actor
from resolvers.programs.programs import get_program
from resolvers.programs.settings import ProgramSettings
from resolvers.support.profiles import check_id

DONE = {"accept": "accepted", "decline": "declined", "cancel": "cancelled", "complete": "completed"}


@dataclass(frozen=True, slots=True)
class Pair:
    mentee_id: str
    mentor_id: str


def _text(value: str | None, what: str) -> str | None:
    try:
        return check_long_text(value, what, MAX_MESSAGE_LENGTH)
    except ValidationError as error:
        raise BadInput(str(error), field=what) from error


def new_request_id() -> str:
    return "r-" + uuid.uuid4().hex


async def get_request(db: Database, request_id: str, settings: ProgramSettings) -> Row:
    found = await requests_by_ids(db, [request_id], settings)
    if request_id not in found:
        raise NotFound(f"no mentorship request with id {request_id!r}", field="id")
    return found[request_id]


async def requests_by_ids(
    db: Database, ids: Sequence[str], settings: ProgramSettings
) -> dict[str, Row]:
    reason = words.expired(settings.ttl_days)
    return await store.requests_by_ids(db, list(dict.fromkeys(ids)), settings.now(), reason)


async def _check_people(db: Database, mentee_id: str, mentor_id: str) -> None:
    found = await existing_ids(db, [mentee_id, mentor_id])
    for pid, what in ((mentee_id, "menteeId"), (mentor_id, "mentorId")):
        if pid not in found:
            raise NotFound(f"{what}: no person with id {pid!r}", field=what)


def _check_pair(mentee_id: str, mentor_id: str) -> None:
    check_id(mentee_id, "menteeId")
    check_id(mentor_id, "mentorId")
    if mentee_id == mentor_id:
        raise BadInput(
            "mentorId: a person cannot ask themself to be their mentor", field="mentorId"
        )


def _create_params(
    pair: Pair, program_id: str | None, message: str | None, settings: ProgramSettings
) -> dict[str, Any]:
    now = settings.now()
    return {
        "menteeId": pair.mentee_id,
        "mentorId": pair.mentor_id,
        "programId": program_id,
        "id": new_request_id(),
        "message": message,
        "now": now,
        "expiresAt": settings.expires(now),
        "maxPending": settings.max_pending,
    }


async def request_mentorship(
    db: Database,
    actor: Actor,
    pair: Pair,
    program_id: str | None,
    message: str | None,
    settings: ProgramSettings,
) -> Row:
    """A new PENDING request, once every rule of SPEC §8 holds (CONFLICT naming the
    first one broken)."""
    _check_pair(pair.mentee_id, pair.mentor_id)
    text = _text(message, "message")
    actors.check(actor, "request", pair.mentee_id, pair.mentor_id)
    await _check_people(db, pair.mentee_id, pair.mentor_id)
    if program_id is not None:
        await get_program(db, program_id, "programId")
    params = _create_params(pair, program_id, text, settings)

    async def work(tx: Tx) -> Row:
        await store.lock(tx, [pair.mentee_id, pair.mentor_id], program_id)
        row: Row = (await tx.run(store.CREATE_REQUEST, params))[0]
        return row

    row = await db.transaction(work)
    if row["refusal"]:
        raise words.refusal(row["refusal"], row, settings.max_pending)
    return await get_request(db, params["id"], settings)


def _accept_params(
    request_id: str, program_id: str | None, settings: ProgramSettings, accepted: str | None
) -> dict[str, Any]:
    return {
        "id": request_id,
        "programId": program_id,
        "now": settings.now(),
        "tieId": "t:" + request_id,
        "strength": DEFAULT_STRENGTH,
        "functions": [f.value for f in DEFAULT_FUNCTIONS[TieKind.MENTORS]],
        "acceptedReason": accepted,
        "matchedReason": words.MATCHED,
        "expiredReason": words.expired(settings.ttl_days),
    }


async def transition(
    db: Database,
    actor: Actor,
    request_id: str,
    action: str,
    settings: ProgramSettings,
    reason: str | None = None,
) -> Row:
    """accept, decline, cancel or complete a request, as ``actor`` may (actors.py)."""
    found = (await store.heads(db, [request_id])).get(request_id)
    if found is None:
        raise NotFound(f"no mentorship request with id {request_id!r}", field="id")
    mentee, mentor, program_id = found["menteeId"], found["mentorId"], found["programId"]
    actors.check(actor, action, mentee, mentor)
    text = _text(reason, "reason")
    if action == "accept":
        query, params = store.ACCEPT, _accept_params(request_id, program_id, settings, None)
    elif action == "complete":
        query = store.COMPLETE
        params = {"id": request_id, "now": settings.now()}
    else:
        query = store.CLOSE
        params = {
            "id": request_id,
            "now": settings.now(),
            "to": (RequestStatus.CANCELLED if action == "cancel" else RequestStatus.DECLINED).value,
            "reason": text or words.by(DONE[action], actor.role_towards(mentee, mentor)),
        }
    params["expiredReason"] = words.expired(settings.ttl_days)

    async def work(tx: Tx) -> Row:
        await store.lock(tx, [mentee, mentor], program_id, [request_id])
        row: Row = (await tx.run(query, params))[0]
        if action in ("accept", "complete") and not row.get("refusal") and _moved(row, action):
            await mark_stale(tx, [mentee])  # a MENTORS tie began or ended
        return row

    row = await db.transaction(work)
    if row.get("refusal") == "STATUS" or not _moved(row, action):
        raise words.wrong_status(row["status"], row["decidedBefore"], DONE[action])
    if row.get("refusal"):
        raise words.refusal(row["refusal"], row, settings.max_pending)
    if action in ("accept", "complete"):
        await after_support_write(db, [mentee])
    return await get_request(db, request_id, settings)


def _moved(row: Row, action: str) -> bool:
    """Whether the request was in the status the action starts from."""
    wanted = RequestStatus.ACCEPTED if action == "complete" else RequestStatus.PENDING
    return bool(row["status"] == wanted.value)


async def accept_proposals(
    db: Database, program_id: str, pairs: Sequence[Pair], settings: ProgramSettings
) -> list[Row]:
    """Turn chosen pairs into accepted mentorships, all or none: every pair keeps every
    rule of a request and of an accept (a pending request between the two is accepted),
    counted together, in one transaction under the locks of all their people."""
    if not pairs:
        raise BadInput("pairs: give at least one pair", field="pairs")
    if len(pairs) > settings.max_pairs:
        raise BadInput(f"pairs: at most {settings.max_pairs} at once", field="pairs")
    for p in pairs:
        _check_pair(p.mentee_id, p.mentor_id)
    mentees = [p.mentee_id for p in pairs]
    if len(set(mentees)) != len(mentees):
        twice = next(m for m in mentees if mentees.count(m) > 1)
        raise BadInput(f"pairs: mentee {twice!r} appears twice", field="pairs")
    await get_program(db, program_id, "programId")
    everyone = sorted({pid for p in pairs for pid in (p.mentee_id, p.mentor_id)})
    missing = sorted(set(everyone) - await existing_ids(db, everyone))
    if missing:
        raise NotFound(f"pairs: no person with id {missing[0]!r}", field="pairs")

    async def work(tx: Tx) -> list[str]:
        await store.lock(tx, everyone, program_id)
        ids: list[str] = []
        for n, pair in enumerate(pairs, 1):
            params = _create_params(pair, program_id, None, settings) | {"maxPending": None}
            created = (await tx.run(store.CREATE_REQUEST, params))[0]
            rid = created["askedId"] if created["refusal"] == "ALREADY_ASKED" else params["id"]
            if created["refusal"] not in (None, "ALREADY_ASKED"):
                raise _in_pair(n, pair, words.refusal(created["refusal"], created, 0))
            accept = _accept_params(rid, program_id, settings, words.PROPOSED)
            row = (await tx.run(store.ACCEPT, accept))[0]
            if row["refusal"]:
                raise _in_pair(n, pair, words.refusal(row["refusal"], row, 0))
            ids.append(rid)
        await mark_stale(tx, mentees)
        return ids

    ids = await db.transaction(work)
    await after_support_write(db, mentees)
    found = await requests_by_ids(db, ids, settings)
    return [found[i] for i in ids]


def _in_pair(n: int, pair: Pair, refused: Conflict) -> Conflict:
    where = f"pair {n} ({pair.mentee_id} with {pair.mentor_id})"
    return Conflict(f"{where}: {refused.message}", field="pairs")


async def request_page(
    db: Database,
    cursors: Cursors,
    person_id: str | None,
    status: RequestStatus | None,
    first: int,
    after: str | None,
    settings: ProgramSettings,
) -> Page:
    """Requests a person is part of (everyone's: ``person_id`` None), newest first."""
    check_first(first)
    key = None
    if after:
        raw = cursors.decode("mentorshipRequests", after, 2)
        key = (dt.datetime.fromisoformat(str(raw[0])), str(raw[1]))
    total, rows, more = await store.request_page(
        db,
        person_id,
        status.value if status else None,
        key,
        first,
        settings.now(),
        words.expired(settings.ttl_days),
    )
    edges = [
        (r, cursors.encode("mentorshipRequests", r["createdAt"].isoformat(), r["id"])) for r in rows
    ]
    return Page(edges, total, more)


async def expire_overdue(db: Database, settings: ProgramSettings) -> int:
    """The optional sweep: store EXPIRED on every pending request past its time (reads
    already say EXPIRED without it)."""
    return await store.expire_overdue(db, settings.now(), words.expired(settings.ttl_days))


async def touched_by_request(db: Database, request_id: str) -> set[str]:
    """The people a transition of this request touches (for the audit, before it runs)."""
    return await store.touched(db, request_id)


async def pending_people(db: Database, program_id: str, person_id: str | None) -> set[str]:
    """The people of a program's pending requests (those ``person_id`` is part of)."""
    return await store.pending_people(db, program_id, person_id)
