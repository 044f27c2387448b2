// One :GraphVersion node, bumped by every write transaction (graphdb/graph_version.py):
// the constraint makes the writers' MERGE find it, and never create a second one.
CREATE CONSTRAINT graph_version_id IF NOT EXISTS FOR (v:GraphVersion) REQUIRE v.id IS UNIQUE;
