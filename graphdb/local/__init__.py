"""The local Neo4j of SPEC §2: Community from Maven Central jars, run without Docker."""
