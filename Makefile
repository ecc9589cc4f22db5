# The two promises of the README: `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench venv clean catalogs

$(STAMP): pyproject.toml
	test -x $(VPY) || $(PY) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e '.[dev]'
	$(VPY) -m pip uninstall --quiet --yes archive_app 2>/dev/null || true  # the name before issue 11
	touch $(STAMP)

venv: $(STAMP)

# make run ARGS='--portable DIR' (issue 14): options for the app
run: $(STAMP)
	$(VPY) -m archive_app $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(VPY) -m pytest

bench: $(STAMP) $(if $(wildcard dist/june-fourth-archive),peer)
	$(VPY) -m benchmarks

# UI catalogs: extract the GUI's strings (babel.cfg), merge them into the 繁體/简体 catalogs
# (new strings arrive untranslated: translate them in the .po), compile the .mo files.
LOCALE := resources/locale
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c "Translators:" --sort-by-file \
		--project="June Fourth Archive" --copyright-holder="June Fourth Archive" \
		--version="$$($(VPY) -c 'import importlib.metadata as m; print(m.version("june-fourth-archive"))')" \
		-o $(LOCALE)/archive_app.pot .
	$(VENV)/bin/pybabel update -D archive_app -i $(LOCALE)/archive_app.pot -d $(LOCALE) \
		-l zh_Hant --init-missing --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel update -D archive_app -i $(LOCALE)/archive_app.pot -d $(LOCALE) \
		-l zh_Hans --init-missing --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -D archive_app -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache

# --- the portable bundle (issue 6): make dist, make smoke, make reproducible -----------------
# SOURCE_DATE_EPOCH (default: the last commit's time) and PYTHONHASHSEED=0 make two builds of one
# commit byte-identical. `make dist SIGN_KEY=/path/to/secret.key` also signs the manifest.
DIST_STAMP := $(VENV)/.dist-installed
BUNDLE := dist/june-fourth-archive

.PHONY: dist smoke reproducible strace-check sign peer

$(DIST_STAMP): $(STAMP)
	$(VPY) -m pip install --quiet -e '.[dev,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(VPY) packaging/build.py --dist dist $(if $(SIGN_KEY),--sign-key "$(SIGN_KEY)")

# The size peer (a bare PySide6 window, same trimming) that `make bench` compares the bundle with;
# only `make bench` needs it, so `make dist` no longer builds it (issue 11).
build/peer/peer-hello/peer-hello: $(DIST_STAMP) packaging/peer_hello.py packaging/peer_hello.spec
	$(VPY) packaging/build.py --peer-only build/peer

peer: build/peer/peer-hello/peer-hello

# Sign a bundle built earlier: make sign SIGN_KEY=/path/to/secret.key
sign: $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)} \
		$(VPY) packaging/sign $(BUNDLE) --key "$(SIGN_KEY)"

smoke: $(STAMP)
	$(VPY) packaging/smoke.py $(BUNDLE)

strace-check:
	bash packaging/strace_check.sh $(BUNDLE)

reproducible: $(DIST_STAMP)
	$(VPY) packaging/check_reproducible.py

# --- search (issue 10): the search suites of the benchmark alone ------------------------------
# Build time, peak memory and the GUI thread's longest wait beside SQLite FTS5 at 1,000, 10,000
# and 100,000 paragraphs, query latency per class (research_scale), CLI whole process vs an FTS5
# script. About 3-5 minutes; `make bench` runs these with every other suite.
.PHONY: bench-search
bench-search: $(STAMP)
	$(VPY) -m benchmarks --only search_latency research_scale search_build --runs $${BENCH_RUNS:-10}

# --- issue 13 (fidelity of the record): the importer's scale proof --------------------------
# Imports SYNTHETIC saved pages of 2 MB and 20 MB (and pages of unfinished markup) and prints
# the medians beside html.parser tokenizing the same pages; `timeout` bounds the whole proof.
.PHONY: proof-import-scale
proof-import-scale: $(STAMP)
	timeout 600 $(VPY) -m benchmarks --only import_scale --runs 3

# --- the offline editions (issue 12): one HTML file, and a ZIM for Kiwix -----------------------
# `make test` runs the browser tests (tests/core/editions): Debian's chromium driven by
# playwright-core from npm (tests/browser, never a downloaded browser), kiwix-serve for the ZIM.
# The npm dependency is installed once (npm ci) and again only when its lock file changes.
BROWSER_DIR := tests/browser
NPM_STAMP := $(BROWSER_DIR)/node_modules/.package-lock.json

.PHONY: editions edition-screenshots

test: $(NPM_STAMP)

$(NPM_STAMP): $(BROWSER_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the browser tests will skip here (with CI=1 they fail)"; \
	fi

# Both editions of the shipped archive, in dist/editions/.
editions: $(STAMP)
	mkdir -p dist/editions
	$(VPY) -m archive_app --archive archive_data edition html dist/editions/june-fourth-archive.html
	$(VPY) -m archive_app --archive archive_data edition zim dist/editions/june-fourth-archive.zim

# The README's screenshots of the editions (phone, desktop, search, dark 繁體, Kiwix).
edition-screenshots: $(STAMP) $(NPM_STAMP)
	EDITION_SCREENSHOTS=$(CURDIR)/docs/screenshots QT_QPA_PLATFORM=offscreen \
		$(VPY) -m pytest -q tests/core/editions/test_edition_browser.py \
		tests/core/editions/test_edition_zim.py -k "phone_and_desktop or agree or kiwix"

# --- hostile-input fuzzers (issue 15) ---------------------------------------------------------
# `make test` runs each fuzzer in tests/fuzz on a few dozen inputs. `make fuzz` gives each of the
# 10 fuzzers FUZZ_SECONDS of fresh random inputs (default 30 s: about 6 minutes in all, the CI
# budget) and prints the inputs tried per target; FUZZ_REPORT=file.json also writes them.
FUZZ_SECONDS ?= 30
.PHONY: fuzz
fuzz: $(STAMP)
	FUZZ_SECONDS=$(FUZZ_SECONDS) QT_QPA_PLATFORM=offscreen $(VPY) -m pytest tests/fuzz -q

# --- issue 11: copies that survive real sticks, old systems, the Python package -------------
# stick-proof: the bundle copied onto exFAT and FAT32 images (FUSE), three ways, each copy
#   verified from the stick (root, /dev/fuse; apt: exfatprogs exfat-fuse dosfstools fusefat).
# glibc-check: the newest GLIBC_/GLIBCXX_ any bundled ELF file needs, against the 2.35 floor.
# old-distro-smoke: the bundle run in debootstrap minbase roots of Ubuntu 22.04 and Debian 12
#   (root, debootstrap; the roots are kept in build/roots and reused).
# wheelhouse: dist/june-fourth-archive-<v>-python/ (the wheel, every platform's dependency
#   wheels, install.sh/.command/.bat, a manifest; signed with SIGN_KEY=...).
# wheel-proof: install.sh from that folder into a fresh venv with no network, then run it.
.PHONY: stick-proof glibc-check old-distro-smoke wheelhouse wheel-proof
WHEELHOUSE = dist/june-fourth-archive-$(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' archive_app/__init__.py)-python

stick-proof: $(STAMP)
	$(VPY) packaging/stick_proof.py $(BUNDLE)

glibc-check: $(STAMP)
	$(VPY) packaging/glibc_check.py $(BUNDLE)

old-distro-smoke:
	bash packaging/old_distro_smoke.sh $(BUNDLE) build/roots jammy bookworm

wheelhouse: $(STAMP)
	$(VPY) packaging/wheelhouse.py --dist dist $(if $(SIGN_KEY),--sign-key "$(SIGN_KEY)")

wheel-proof:
	bash packaging/wheel_proof.sh $(WHEELHOUSE) build/wheel-proof
