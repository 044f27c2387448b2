// The audit trail as a hash chain (graphdb/audit.py): events numbered by seq, people named
// by audit keys whose ids live once, in :AuditName, so erasure detaches them in one place.
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE;
CREATE CONSTRAINT audit_name_key IF NOT EXISTS FOR (n:AuditName) REQUIRE n.key IS UNIQUE;
DROP CONSTRAINT audit_id IF EXISTS;
DROP INDEX audit_subject IF EXISTS;
// Events from before the chain keep their label apart, out of the chain and its listing.
MATCH (e:AuditEvent) WHERE e.seq IS NULL SET e:LegacyAuditEvent REMOVE e:AuditEvent;
// Erased people leave a keyed tombstone: their id is not reused, their tokens are refused.
CREATE CONSTRAINT tombstone_key IF NOT EXISTS FOR (t:Tombstone) REQUIRE t.key IS UNIQUE;
