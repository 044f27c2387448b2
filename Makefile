# The README names these targets; each installs what it needs first.
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
RUN = $(UV) run --frozen

NPM ?= $(shell command -v npm 2>/dev/null)
# The web page (/ui) and GraphiQL are built from ui/ into supportweb/static/ (docs/ui.md):
# again only when a source or the lock file changed.
UI_BUILT = supportweb/static/ui/index.html
UI_SOURCES = $(shell find ui/src ui/public -type f 2>/dev/null) \
	ui/index.html ui/graphiql.html ui/vite.config.ts ui/tsconfig.json

.PHONY: install ui run test soak lint bench bench-peer bench-scale schema neo4j-jars clean

install:            ## dependencies from the lock files: Python into .venv, the web page's build
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	@$(MAKE) --no-print-directory ui

ui:                 ## build /ui and GraphiQL from ui/ (npm ci from the lock file, then vite)
ifeq ($(NPM),)
	@echo "npm not found: /ui and GraphiQL are not built (needs Node.js 20.19+ with npm; docs/ui.md)"
else
	@$(MAKE) --no-print-directory $(UI_BUILT)
endif

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && $(NPM) ci --no-audit --no-fund
	@touch $@

$(UI_BUILT): ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && $(NPM) run build

run: install        ## local Neo4j + migrations + demo university + GraphQL server
	$(RUN) supportweb up

test: install       ## the whole suite, against a throwaway real Neo4j
	$(RUN) pytest

# Not part of test or CI: the long reliability runs (tests/reliability, marker `soak`):
# twenty Neo4j outages under load and SUPPORTWEB_SOAK_S (300) of steady mixed load, about
# 10-15 minutes here; figures into .reliability/ (docs/reliability.md).
soak: install       ## the long reliability runs; figures into .reliability/
	$(RUN) pytest -m soak -p no:cacheprovider tests/reliability

lint: install       ## ruff + mypy --strict; prettier over the web page's sources
	$(RUN) ruff check .
	$(RUN) mypy
ifneq ($(NPM),)
	cd ui && $(NPM) run --silent format:check
endif

bench: install      ## benchmarks; results are written to docs/benchmarks.md
	$(RUN) python -m bench.run_all

# Not part of test or CI: about 15 minutes. Needs Node.js 20+ and npm; the Node packages
# come from bench/peer/package-lock.json. Flags: make bench-peer BENCH_PEER_ARGS="--duration 5"
bench-peer: install ## ours beside the Neo4j GraphQL Library (issue 10), into docs/benchmarks.md
	npm ci --prefix bench/peer
	$(RUN) python -m bench.peer_bench $(BENCH_PEER_ARGS)

# Not part of test or CI: a million people and ten million ties on this machine, bounded by
# BENCH_SCALE_MINUTES (steps that would not fit are skipped and said so). One size per
# run, merged into bench/scale-results.json: make bench-scale BENCH_SCALE_PEOPLE=100000
BENCH_SCALE_PEOPLE ?= 1000000
BENCH_SCALE_MINUTES ?= 150
bench-scale: install ## issue 15 at scale: import, seed, queries; into docs/benchmarks.md, docs/scale.md
	$(RUN) python -m bench.bench_scale --people $(BENCH_SCALE_PEOPLE) --budget-min $(BENCH_SCALE_MINUTES)

schema: install     ## regenerate schema/schema.graphql from the code
	$(RUN) supportweb schema --write

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache ui/node_modules supportweb/static
