"""Research analytics (SPEC §9) over an in-process projection of the graph.

``analyses`` holds the entry points the GraphQL face, the report and the benchmarks call;
each room below holds one analysis as plain functions over numpy arrays and the graph
libraries (docs/research.md maps each onto Neo4j's Graph Data Science library for graphs
beyond one machine).
"""
