"""`make bench-peer` (issue 10): Supportweb beside the Neo4j GraphQL Library and a raw-Cypher
floor. The Node project here is the peer (server.mjs) and the load generator (load.mjs);
the Python modules are the floor server and the workloads the driver (bench/peer_bench.py)
sends to all three."""
