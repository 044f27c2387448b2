// The audit trail: who read or wrote what about whom, by id only.
CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.id IS UNIQUE;
CREATE INDEX audit_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at);
CREATE INDEX audit_actor IF NOT EXISTS FOR (e:AuditEvent) ON (e.actor);
CREATE INDEX audit_subject IF NOT EXISTS FOR (e:AuditEvent) ON (e.subject);
