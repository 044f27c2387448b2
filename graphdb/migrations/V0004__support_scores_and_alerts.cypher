// The stored support scores behind thinSupport (see docs/support-score.md).
CREATE INDEX support_thin_order IF NOT EXISTS FOR (p:ThinSupport) ON (p.supportScore, p.id);
CREATE INDEX support_thin_student_order IF NOT EXISTS FOR (p:ThinStudent) ON (p.supportScore, p.id);
CREATE INDEX support_valid_until IF NOT EXISTS FOR (p:Person) ON (p.supportValidUntil);
// Support alerts: a sequence every server worker polls.
CREATE CONSTRAINT support_alert_seq IF NOT EXISTS FOR (a:SupportAlert) REQUIRE a.seq IS UNIQUE;
CREATE INDEX support_alert_at IF NOT EXISTS FOR (a:SupportAlert) ON (a.at);
