"""GET /research/plots/<name>.<svg|png>: the report's plots over HTTP, for the web page.

The same bearer token as /graphql; the same rule as the analytics (Fact.ANALYTICS:
admins and researchers); every plot served is one audit event, as every analytics request
is. The plots name no one, so researchers and admins see the same picture.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graphdb.errors import SupportwebError, Unauthenticated
from resolvers.auth import TokenKeys, bearer
from resolvers.disclosure import Fact, Verdict
from resolvers.research.plots import FORMATS, PLOTS, plot
from resolvers.scope import RequestScope
from supportweb.settings import Settings

MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


def plots_route(keys: TokenKeys, settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def serve_plot(request: Request) -> Response:
        name, _, fmt = str(request.path_params["file"]).rpartition(".")
        if name not in PLOTS or fmt not in FORMATS:
            known = ", ".join(f"{n}.svg" for n in PLOTS)
            return JSONResponse({"error": f"no such plot: try {known} (or .png)"}, 404)
        try:
            viewer = keys.verify(bearer(request.headers.get("authorization")))
        except Unauthenticated as refused:
            return JSONResponse({"error": refused.message}, 401)
        scope = RequestScope(
            db=request.app.state.db,
            secret=keys.secret,
            viewer=viewer,
            audit=request.app.state.audit,
            pseudonym_key=settings.pseudonym_key(),
            tombstones=request.app.state.tombstones,
        )
        action = f"plot {name}.{fmt}"
        try:
            await scope.check_viewer()
            if scope.disclosure().verdict(Fact.ANALYTICS) is not Verdict.YES:
                scope.audit_refused(action, None)
                await scope.submit_audit()
                return JSONResponse({"error": scope.disclosure().refusal(Fact.ANALYTICS)}, 403)
            scope.audit_action(action, set(), always=True)
            await scope.submit_audit()
            with scope.deadline():
                body = await plot(scope.db, name, fmt)
        except SupportwebError as error:
            status = 401 if isinstance(error, Unauthenticated) else 503
            return JSONResponse({"error": error.message}, status)
        return Response(body, media_type=MEDIA[fmt], headers={"cache-control": "no-store"})

    return serve_plot
