"""Programs and enrolments (SPEC §8): create, update, read, list; enrol and leave."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphdb.driver import Database, Row, Tx
from graphdb.errors import BadInput, Forbidden, NotFound
from graphdb.programs import audience as audience_store
from graphdb.programs import store
from graphdb.programs.records import ProgramSide, ProgramStatus
from graphdb.validation import ValidationError, check_capacity
from resolvers.disclosure import Fact, Verdict
from resolvers.pagination import Page, check_first
from resolvers.programs import words
from resolvers.programs.actors import Actor
from resolvers.programs.settings import ProgramSettings
from resolvers.records import audience_record, program_fields, program_record
from resolvers.scope import RequestScope
from resolvers.support.profiles import support_profile

MAX_ENROLMENTS = 500
"""The most enrolments one of a program's lists returns."""


async def find_program(db: Database, program_id: str) -> Row | None:
    return (await store.programs_by_ids(db, [program_id])).get(program_id)


async def get_program(db: Database, program_id: str, field: str = "id") -> Row:
    found = await find_program(db, program_id)
    if found is None:
        raise NotFound(f"no program with id {program_id!r}", field=field)
    return found


async def programs_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return await store.programs_by_ids(db, list(dict.fromkeys(ids)))


async def create_program(db: Database, fields: Mapping[str, Any]) -> Row:
    record = program_record(fields)

    async def work(tx: Tx) -> None:
        await store.create_program(tx, record)

    await db.transaction(work)
    return await get_program(db, record.id)


# A patch's null leaves these as they are (they cannot be empty).
_KEEP_ON_NULL = ("name", "status")


async def update_program(
    db: Database, program_id: str, patch: Mapping[str, Any], settings: ProgramSettings
) -> Row:
    """Change some fields; ``audience``, when given, replaces the whole audience. Closing
    cancels the program's pending requests."""
    current = program_fields(await get_program(db, program_id))
    changes = {k: v for k, v in patch.items() if not (v is None and k in _KEEP_ON_NULL)}
    record = program_record({**current, **changes, "id": program_id})

    async def work(tx: Tx) -> None:
        await store.update_program(tx, record, settings.now(), words.CLOSED)

    await db.transaction(work)
    return await get_program(db, program_id)


async def program_page(
    scope: RequestScope, status: ProgramStatus | None, first: int, after: str | None
) -> Page:
    """Programs by name, Relay-style, at most 100 a page."""
    check_first(first)
    key = scope.cursors.decode("programs", after, 2) if after else None
    total, page, more = await store.program_page(
        scope.db, status, (str(key[0]), str(key[1])) if key else None, first
    )
    edges = [(row, scope.cursors.encode("programs", *k)) for k, row in page]
    return Page(edges, total, more)


async def enrol(
    db: Database,
    actor: Actor,
    program_id: str,
    person_id: str,
    side: ProgramSide,
    capacity: int | None,
    settings: ProgramSettings,
) -> Row:
    """Enrol a person on one side (again: change a mentor's places). Admins enrol anyone;
    others enrol themselves (or, advisors, the people they support) as mentees when the
    program's audience takes them in, and only themselves as mentors."""
    if side is ProgramSide.MENTEE and capacity is not None:
        raise BadInput("capacity: only a mentor's enrolment has places", field="capacity")
    try:
        check_capacity(capacity)
    except ValidationError as error:
        raise BadInput(str(error), field="capacity") from error
    program = await get_program(db, program_id, "programId")
    if not actor.admin:
        if side is ProgramSide.MENTOR and actor.person_id != person_id:
            raise Forbidden(
                "enrol: only an admin can enrol someone else as a mentor", field="personId"
            )
        if side is ProgramSide.MENTEE:
            await _check_audience(db, program, person_id)

    async def work(tx: Tx) -> None:
        await store.enrol(tx, program_id, person_id, side, capacity, settings.now().date())

    await db.transaction(work)
    rows = await store.enrolments(db, [program_id], side, 1, [person_id])
    return enrolment_value(program_id, side, rows[program_id][0])


async def _check_audience(db: Database, program: Row, person_id: str) -> None:
    audience = audience_record(program_fields(program)["audience"])
    fits = await audience_store.fits(db, audience, person_id)
    if fits and audience.thin_only:
        fits = (await support_profile(db, person_id)).thin
    if not fits:
        raise Forbidden(
            f"enrol: {program['name']} is for its audience, and {person_id!r} is not in it; "
            "an admin can enrol anyone",
            field="personId",
        )


async def leave(db: Database, program_id: str, person_id: str, settings: ProgramSettings) -> bool:
    """Leave both sides of a program; pending requests there that they are part of are
    cancelled. NOT_FOUND when they were not enrolled."""

    async def work(tx: Tx) -> int:
        reasons = (words.MENTEE_LEFT, words.MENTOR_LEFT)
        return await store.leave(tx, program_id, person_id, settings.now(), reasons)

    if not await db.transaction(work):
        raise NotFound(f"{person_id!r} is not enrolled in program {program_id!r}", field="personId")
    return True


async def enrolments(
    scope: RequestScope, program_ids: list[str], side: ProgramSide, first: int
) -> dict[str, list[Row]]:
    """Each program's enrolments on one side, by name. Mentors are shown to everyone who
    may see programs; mentees only as far as the viewer may see who takes part (MINE:
    themself and the people they support)."""
    check_first(first, maximum=MAX_ENROLMENTS)
    only: list[str] | None = None
    disclosure = scope.disclosure()
    if side is ProgramSide.MENTEE and disclosure.verdict(Fact.MENTORING) is not Verdict.YES:
        caseload = await scope.access.caseload() if scope.access else frozenset()
        only = sorted({*caseload, *([disclosure.viewer.sub] if disclosure.viewer.sub else [])})
    rows = await store.enrolments(scope.db, program_ids, side, first, only)
    return {pid: [enrolment_value(pid, side, r) for r in rows.get(pid, [])] for pid in program_ids}


def enrolment_value(program_id: str, side: ProgramSide, row: Row) -> Row:
    return {**row, "programId": program_id, "side": side}
