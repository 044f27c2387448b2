"""Live support alerts over graphql-transport-ws (the bus is ``resolvers.alerts``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator

import strawberry

from graphdb.errors import Forbidden
from resolvers.alerts import alert_matches
from resolvers.auth import ViewerRole
from schema.context import Info
from schema.inputs import PersonFilter, people_filter
from schema.people import value_of
from schema.permissions import caseload_scope
from schema.types import Person
from schema.values import PersonRef


@strawberry.type(description="A student became thin, or was lifted out of thin support.")
class SupportAlert:
    at: dt.datetime
    old_score: float | None
    new_score: float
    was_thin: bool | None
    thin: bool
    reasons: list[str]
    person: Person


@strawberry.type
class AlertSubscription:
    @strawberry.subscription(
        description="Alerts when a write makes someone thin or lifts them out of it. "
        "Advisors receive alerts only about people they support."
    )
    async def support_alerts(
        self, info: Info, filter: PersonFilter | None = None
    ) -> AsyncGenerator[SupportAlert, None]:
        viewer = info.context.viewer
        if viewer is None:
            raise info.context.auth_error or Forbidden("send a token in connection_init")
        if not (viewer.admin or viewer.has(ViewerRole.ADVISOR)):
            raise Forbidden("supportAlerts is limited to advisor tools: admins and advisors")
        scope = caseload_scope(info)
        flt = people_filter(filter) if filter else None
        bus = info.context.alerts
        if bus is None:
            raise Forbidden("alerts are not available on this server")
        async for alert in bus.subscribe():
            # Each event read someone's data: its audit goes out before the next one.
            await info.context.submit_audit()
            if await alert_matches(info.context.db, alert, flt, scope):
                value = {
                    "_about": alert["personId"],
                    "at": alert["at"],
                    "oldScore": alert.get("oldScore"),
                    "newScore": float(alert["newScore"]),
                    "wasThin": alert.get("wasThin"),
                    "thin": bool(alert["thin"]),
                    "reasons": list(alert.get("reasons") or []),
                    "person": PersonRef(alert["personId"]),
                }
                yield value_of(SupportAlert, value)
