"""Mentoring programs and mentorship requests (SPEC §8), in rooms of their own:

- ``settings``: the limits passed down from supportweb.settings, the clock, the weights;
- ``actors``: who may do what with a request (beyond the schema's entry rules);
- ``words``: every refusal and reason in words;
- ``programs``: programs and enrolments;
- ``requests``: the request lifecycle and accepted proposals;
- ``audience``: who a program is for, most in need first;
- ``matching`` and ``assign``: the proposals, and the optimiser behind them.

docs/programs.md has the lifecycle, the rules, who may do what, and the matcher.
"""

from graphdb.programs.records import ProgramSide, ProgramStatus, RequestStatus

__all__ = ["ProgramSide", "ProgramStatus", "RequestStatus"]
