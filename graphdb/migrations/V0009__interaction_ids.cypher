// A client may name a logged interaction (logInteraction's id), so that a retry finds it
// instead of logging it twice; unique, so two retries at once cannot both write it.
// (V0006 is the programs branch's.)
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE;
