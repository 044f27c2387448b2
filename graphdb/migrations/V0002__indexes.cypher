// Indexes behind the people filters and the thin-support list.
CREATE INDEX person_department IF NOT EXISTS FOR (p:Person) ON (p.department);
CREATE INDEX person_class_year IF NOT EXISTS FOR (p:Person) ON (p.classYear);
CREATE INDEX person_level IF NOT EXISTS FOR (p:Person) ON (p.level);
CREATE INDEX person_sort_name IF NOT EXISTS FOR (p:Person) ON (p.sortName);
CREATE TEXT INDEX person_search_name IF NOT EXISTS FOR (p:Person) ON (p.sortName);
CREATE INDEX student_sort IF NOT EXISTS FOR (p:Student) ON (p.id);
CREATE INDEX group_kind IF NOT EXISTS FOR (g:Group) ON (g.kind);
