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

run: $(STAMP)
	$(VPY) -m archive_app

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
