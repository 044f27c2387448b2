// Mentoring programs and requests (docs/programs.md); program ids are unique since V0001.
CREATE INDEX program_status IF NOT EXISTS FOR (p:Program) ON (p.status);
CREATE INDEX program_sort IF NOT EXISTS FOR (p:Program) ON (p.sortName, p.id);
CREATE CONSTRAINT mentorship_request_id IF NOT EXISTS FOR (r:MentorshipRequest) REQUIRE r.id IS UNIQUE;
// The sweep finds pending requests past their time; lists go newest first.
CREATE INDEX mentorship_request_due IF NOT EXISTS FOR (r:MentorshipRequest) ON (r.status, r.expiresAt);
CREATE INDEX mentorship_request_created IF NOT EXISTS FOR (r:MentorshipRequest) ON (r.createdAt);
// A program's audience walks everyone scored in support-score order (docs/support-score.md §5).
CREATE INDEX support_scored_order IF NOT EXISTS FOR (p:SupportScored) ON (p.supportScore, p.id);
