"""Mentoring programs in the graph (SPEC §8, docs/programs.md), one room per concern:

- ``records``: the program and audience records, and the enums of programs and requests;
- ``store``: programs (create, update, read, list) and enrolments (enrol, leave, lists);
- ``requests``: mentorship requests, their transitions and the locks that order them;
- ``audience``: who a program's criteria select, most in need first, from the indexes;
- ``matching``: what the matcher needs of a program's mentees and mentors, in a few reads.

The graph::

    (:Program {id, name, status, ...})-[:HOSTED_BY]->(:Group)
    (:Program)-[:ABOUT]->(:Topic)
    (:Person)-[:MENTOR_IN {capacity, since}]->(:Program)
    (:Person)-[:MENTEE_IN {since}]->(:Program)
    (mentee:Person)-[:REQUESTED]->(:MentorshipRequest {id, status, ...})-[:ABOUT]->(mentor:Person)
    (:MentorshipRequest)-[:IN_PROGRAM]->(:Program)
    (mentor)-[:MENTORS {formal: true, programId, requestId}]->(mentee)   # once accepted
"""
