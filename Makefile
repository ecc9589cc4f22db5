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

bench: $(STAMP)
	$(VPY) -m benchmarks

# UI catalogs: extract the GUI's strings (babel.cfg), merge them into the 繁體/简体 catalogs
# (new strings arrive untranslated: translate them in the .po), compile the .mo files.
LOCALE := resources/locale
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c "Translators:" --sort-by-file \
		--project="June Fourth Archive" --copyright-holder="June Fourth Archive" \
		--version="$$($(VPY) -c 'import importlib.metadata as m; print(m.version("archive_app"))')" \
		-o $(LOCALE)/archive_app.pot .
	$(VENV)/bin/pybabel update -D archive_app -i $(LOCALE)/archive_app.pot -d $(LOCALE) \
		-l zh_Hant --init-missing --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel update -D archive_app -i $(LOCALE)/archive_app.pot -d $(LOCALE) \
		-l zh_Hans --init-missing --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -D archive_app -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
