# lerq: the README's two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The benchmarks' PostgreSQL when DATABASE_URL is not set.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lerq
# make test: DATABASE_URL and CELERY_BROKER_URL if set; else the servers answering on these
# ports of 127.0.0.1; else throwaway servers of its own (scripts/test-services).
LERQ_TEST_PG_PORT ?= 5432
LERQ_TEST_REDIS_PORT ?= 6379
# Extra pytest arguments, e.g. make test PYTEST_ARGS="tests/e2e -x".
PYTEST_ARGS ?=

# `make demo-mail`: a sample agency mail into the demo `make run` serves (README, "Run it").
DEMO_MAIL ?= tests/data/mail/ingest/fbi_subpoena_complete.eml
# The demo's mail server: the sample mail's Authentication-Results come from it. The demo trusts
# its verdicts (here and in scripts/run-embedded); a deployment sets LERQ_TRUSTED_AUTHSERV_IDS.
LERQ_DEMO_AUTHSERV_ID ?= mx.lerq.example
export LERQ_DEMO_AUTHSERV_ID

.PHONY: setup run demo-mail test lint bench clean debian-packages

# The venv is rebuilt only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

setup: $(VENV)/.installed

run: setup
	# The keys first: migrating records role changes as events, which need the audit key.
	$(BIN)/python manage.py audit_key_create --if-missing
	$(BIN)/python manage.py audit_signing_key_create --if-missing
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py government_domains_refresh
	$(BIN)/python manage.py signing_cert_create --if-missing
	$(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=1 scripts/run-embedded

demo-mail: setup
	LERQ_TRUSTED_AUTHSERV_IDS=$${LERQ_TRUSTED_AUTHSERV_IDS-$(LERQ_DEMO_AUTHSERV_ID)} \
	$(BIN)/python manage.py ingest_eml $(DEMO_MAIL)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The Debian packages first (scripts/debian-packages.txt): as root the missing ones are
# installed, otherwise make stops with the one `sudo apt-get install` line to run.
debian-packages:
	scripts/debian-packages runtime test

test: debian-packages lint
	LERQ_TEST_PG_PORT=$(LERQ_TEST_PG_PORT) LERQ_TEST_REDIS_PORT=$(LERQ_TEST_REDIS_PORT) \
	$(BIN)/python scripts/test-services $(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks print figures; like the tests they run on PostgreSQL (each makes its own database).
# Every one runs even when an earlier one misses its target; the exit status says if any did.
bench: setup
	@export DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)}; \
	failed=""; \
	for mod in $$(ls bench/*.py 2>/dev/null | grep -v '^bench/_' | sed 's|/|.|; s|\.py$$||'); do \
		echo "== $$mod"; $(BIN)/python -m $$mod || failed="$$failed $$mod"; done; \
	if [ -n "$$failed" ]; then echo "missed a target or failed:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
