"""How warm a tie is, and how much an intermediary who is a hub discounts a path: the two
factors both the mentor paths and the introductions multiply along a chain.

The constants are parameters ($defaultStrength, $recencyDays, $recencyUnknown, $hubDegree,
$hubExponent), so the settings layer can change them without new query texts.
"""

from __future__ import annotations

from typing import LiteralString

from graphdb.cypher import TIE_TYPES


def warmth_of(strength: LiteralString, last_contact: LiteralString) -> LiteralString:
    """Warmth of one tie: strength x recency. Recency is 1 for contact today and 1/2 a year
    ago (with $recencyDays = 365); a contact dated in the future counts as today, and none
    at all as $recencyUnknown."""
    return (
        "(coalesce(" + strength + ", $defaultStrength) * (CASE WHEN " + last_contact + " IS NULL"
        " THEN $recencyUnknown ELSE 1.0 / (1.0 + CASE WHEN " + last_contact + " >= date()"
        " THEN 0 ELSE duration.inDays(" + last_contact + ", date()).days END"
        " / $recencyDays) END))"
    )


def hub(degree: LiteralString) -> LiteralString:
    """The factor of an intermediary with ``degree`` ties: 1 up to $hubDegree ties, then
    ($hubDegree / degree) ^ $hubExponent. Introductions go through real relationships,
    and a person with hundreds of ties passes few of them on."""
    return (
        "(CASE WHEN " + degree + " <= $hubDegree THEN 1.0 "
        "ELSE (toFloat($hubDegree) / " + degree + ") ^ $hubExponent END)"
    )


def degree(person: LiteralString) -> LiteralString:
    """The ties a hub discount counts: every kind, either direction, ended ones too."""
    return "COUNT { (" + person + ")-[:" + TIE_TYPES + "]-() }"
