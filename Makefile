# Every target bootstraps .venv (and the pinned Node tools) when missing or stale.
PY      := .venv/bin/python
VENV    := .venv/.installed
NODE_DIR := .cache/node
NODE_BIN := $(NODE_DIR)/node_modules/.bin
PORT    ?= 8000
DB      ?= .mock/state.sqlite
SPEED   ?= 1
export PYTHONDONTWRITEBYTECODE := 1
comma   := ,

.PHONY: generate test test-fast lint mock proxy fuzz bench soak clean typecheck crosscheck diff \
	dist docs graphviz chromium wrk terminal mutate

$(VENV): pyproject.toml generated/client/pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q uv==0.13.8
	.venv/bin/uv pip install -q --compile-bytecode --python $(PY) -e '.[dev]'
	# generated/ on sys.path as plain path entries (compat mode), so mypy sees the packages too
	.venv/bin/uv pip install -q --python $(PY) --config-settings editable_mode=compat \
		-e 'generated/client[cli]' -e generated/models
	touch $@

$(NODE_DIR)/.installed: generator/node/package.json generator/node/package-lock.json
	mkdir -p $(NODE_DIR)
	cp generator/node/package.json generator/node/package-lock.json $(NODE_DIR)/
	cd $(NODE_DIR) && npm ci --silent --no-audit --no-fund
	touch $@

# Debian packages a target needs, installed with apt-get when missing (as root, as in CI).
APT_INSTALL := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
CHROMIUM := /usr/bin/chromium-headless-shell

## make graphviz: Graphviz `dot`, which draws the lifecycle SVGs of generated/docs
graphviz:
	@command -v dot >/dev/null || { echo "installing graphviz"; $(APT_INSTALL) graphviz >/dev/null; }

## make chromium: the headless Chromium (and fonts) the browser test drives
chromium:
	@test -x $(CHROMIUM) || { echo "installing chromium-headless-shell"; \
		$(APT_INSTALL) chromium-headless-shell fonts-liberation2 >/dev/null; }

## make terminal: tmux and zsh, the real terminal and shell the `metastudio` CLI tests drive
terminal:
	@command -v tmux >/dev/null && command -v zsh >/dev/null || { echo "installing tmux zsh"; \
		$(APT_INSTALL) tmux zsh >/dev/null; }

## make wrk: the HTTP load generator `make bench` drives (Debian's wrk, pinned)
WRK_VERSION := 4.1.0-3+b2
wrk:
	@command -v wrk >/dev/null || { echo "installing wrk $(WRK_VERSION)"; \
		$(APT_INSTALL) wrk=$(WRK_VERSION) >/dev/null; }

## make generate: lint the spec, then regenerate generated/ (skips work whose inputs are unchanged)
generate: $(VENV) graphviz
	$(PY) -m generator generate

## make lint: structural validation, Redocly recommended, house rules
lint: $(VENV) $(NODE_DIR)/.installed
	$(PY) -m generator lint

typecheck: $(VENV)
	.venv/bin/ruff check generator tests examples
	.venv/bin/ruff format --check generator tests examples
	.venv/bin/mypy

## make docs: site/index.html, the offline HTML API reference (one self-contained file)
docs: generate $(NODE_DIR)/.installed
	$(PY) -m generator docs

## make crosscheck: the spec against the official SDK; fails on a difference nothing accounts for
crosscheck: $(VENV)
	$(PY) -m generator crosscheck

## make test: lint + typecheck + crosscheck + the breaking-change gate (since the latest
## release) + every test (the browser test needs Graphviz and Chromium, the CLI's tmux and zsh)
test: lint typecheck crosscheck graphviz chromium terminal
	$(PY) -m generator diff --quiet
	$(PY) -m pytest -q

## make test-fast: the edit loop, every test but the `slow` and `browser` ones (no lint, no
## typecheck; under a minute); `make test` stays the full suite CI runs. Two xdist workers;
## bytecode writing on again, so the rewritten test modules are cached (docs/testing.md)
test-fast: $(VENV)
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -q -n 2 -m "not slow and not browser"

## make diff [BASE=<git ref>]: classified spec changes since BASE (default: the latest release
## of spec/releases.yaml); exits 1 on an unacknowledged breaking change
diff: $(VENV) $(NODE_DIR)/.installed
	$(PY) -m generator diff $(if $(BASE),--base $(BASE))

## make dist: wheels + sdists of generated/client and generated/models in dist/, versioned
## (semver) from the classified diff since the latest release; reproducible
dist: $(VENV) $(NODE_DIR)/.installed
	$(PY) -m generator dist

## make mock PORT=8000 DB=.mock/state.sqlite SPEED=1 [REPLAY=cassette.yaml [REPLAY_ONLY=1]]
## [FAULTS=plan.yaml] (docs/faults.md)
mock: $(VENV)
	.venv/bin/metastudio-mock --port $(PORT) --db $(DB) --speed $(SPEED) \
		$(if $(REPLAY),--replay $(REPLAY)) $(if $(REPLAY_ONLY),--replay-only) \
		$(if $(FAULTS),--faults $(FAULTS))

## make proxy UPSTREAM=https://... | REGION=cn-north-4 [PROXY_PORT=8010] [ALLOW_WRITES=1] [STRICT=1]
## [RECORD=cassette.yaml] [HAR=exchanges.har]: re-signing, validating, recording proxy (docs/proxy.md)
proxy: $(VENV)
	.venv/bin/metastudio-proxy $(if $(UPSTREAM),--upstream $(UPSTREAM)) $(if $(REGION),--region $(REGION)) \
		--port $(or $(PROXY_PORT),8010) $(if $(ALLOW_WRITES),--allow-writes) $(if $(STRICT),--strict) \
		$(if $(RECORD),--record $(RECORD)) $(if $(HAR),--har $(HAR))

## make fuzz [BASE_URL=https://...] [ALLOW_WRITES=1]
fuzz: $(VENV)
	$(PY) -m generator fuzz $(if $(BASE_URL),--base-url $(BASE_URL)) $(if $(ALLOW_WRITES),--allow-writes)

## make soak [SOAK_SECONDS=60]: valid and hostile requests against the mock; no 5xx, flat RSS, no lost write
soak: $(VENV)
	$(PY) tests/support/mock_soak.py --seconds $(or $(SOAK_SECONDS),60)

## make bench: the client and the mock against the official SDK, a bare server and Prism, measured
## in the same run (docs/performance.md); the load results in reports/bench.json (not committed)
bench: $(VENV) $(NODE_DIR)/.installed wrk
	mkdir -p reports
	$(PY) -m generator bench --json reports/bench.json

## make mutate [MODULES=retry,lint/rules]: mutation testing (cosmic-ray), not part of `make test`
mutate: $(VENV) $(NODE_DIR)/.installed
	$(PY) -m generator mutate $(foreach m,$(subst $(comma), ,$(MODULES)),--module $(m)) $(MUTATE_ARGS)

clean:
	rm -rf .venv .cache .mock reports site
