// The audit chain's head (graphdb/audit.py HEAD) is found by MERGE. Without a constraint,
// two processes writing their first audit events to an empty graph at once could each
// create a head and both write seq 1 (the second write then failed on audit_seq); with
// it, MERGE takes the constraint's lock and the second writer finds the first one's head.
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE;
