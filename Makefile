# Two entry points (see README): `make chat` and `make test`. Both set up .venv on first use.
PY ?= python3.11
SHELL := /bin/bash
VENV := .venv
# pip warns once per package about a file:// index folder that has no entry for it (a local
# mirror configured in pip.conf); that is noise. Only those stderr lines are dropped: stdout
# (with its progress bars) and every other warning or error are shown as pip prints them.
PIP_FILTER := sed -u "/^WARNING: Location 'file:.*' is ignored/d"
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-8)

.PHONY: chat test system-deps

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	@echo "Cài đặt thư viện vào $(VENV) (lần đầu mất vài phút; pip in từng gói khi tải và cài)…"
	$(VENV)/bin/pip install --upgrade pip 2> >($(PIP_FILTER) >&2)
	$(VENV)/bin/pip install --progress-bar on -e ".[test]" 2> >($(PIP_FILTER) >&2)
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a browser here).
system-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

chat: $(STAMP)
	$(VENV)/bin/baocao chat

test: $(STAMP) system-deps
	$(VENV)/bin/python -m pytest -q
