# The README names these targets; each installs what it needs first.
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN = $(UV) run --frozen

.PHONY: install run test lint bench bench-peer schema neo4j-jars clean

install:            ## dependencies from the lock file, into .venv
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

run: install        ## local Neo4j + migrations + demo university + GraphQL server
	$(RUN) supportweb up

test: install       ## the whole suite, against a throwaway real Neo4j
	$(RUN) pytest

lint: install       ## ruff + mypy --strict
	$(RUN) ruff check .
	$(RUN) mypy

bench: install      ## benchmarks; results are written to docs/benchmarks.md
	$(RUN) python -m bench.run_all

# Not part of test or CI: about 15 minutes. Needs Node.js 20+ and npm; the Node packages
# come from bench/peer/package-lock.json. Flags: make bench-peer BENCH_PEER_ARGS="--duration 5"
bench-peer: install ## ours beside the Neo4j GraphQL Library (issue 10), into docs/benchmarks.md
	npm ci --prefix bench/peer
	$(RUN) python -m bench.peer_bench $(BENCH_PEER_ARGS)

schema: install     ## regenerate schema/schema.graphql from the code
	$(RUN) supportweb schema --write

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache
