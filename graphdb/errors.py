"""Domain errors raised by the data and domain layers; the GraphQL layer maps each to a code.

The data layer turns driver errors into these (a broken connection is Unavailable, a
violated constraint is Conflict), so resolvers never see a driver exception.
"""

from __future__ import annotations


class SupportwebError(Exception):
    """Base of the errors a user may see; ``code`` is the GraphQL ``extensions.code``."""

    code = "INTERNAL"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        extensions: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # More for the client, beside the code (e.g. a rate limit's retryAfter).
        self.extensions = extensions or {}


class BadInput(SupportwebError):
    code = "BAD_USER_INPUT"


class NotFound(SupportwebError):
    code = "NOT_FOUND"


class Conflict(SupportwebError):
    code = "CONFLICT"


class Unauthenticated(SupportwebError):
    code = "UNAUTHENTICATED"


class Forbidden(SupportwebError):
    code = "FORBIDDEN"


class Unavailable(SupportwebError):
    code = "UNAVAILABLE"


class Timeout(SupportwebError):
    code = "TIMEOUT"
