# Two entry points (see README): `make chat` and `make test`. Both set up .venv on first use.
PY ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-8)

.PHONY: chat test system-deps

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[test]"
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a browser here).
system-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

chat: $(STAMP)
	$(VENV)/bin/baocao chat

test: $(STAMP) system-deps
	$(VENV)/bin/python -m pytest -q
