#!/usr/bin/env bash
# One command for the whole test suite: set up, start a separate test Neo4j (own port and data
# directory, so demo data is never touched), run pytest, stop the test Neo4j again.
set -euo pipefail
cd "$(dirname "$0")/.."
QNET_SETUP_BROWSER=1 bash scripts/setup.sh  # also Chromium and axe-core, for tests/browser
QNET_HOME=${QNET_HOME:-$HOME/.qnet}
VENV=${QNET_VENV:-$QNET_HOME/venv}
export QNET_HOME

if [ -z "${NEO4J_URI:-}" ]; then
  export QNET_NEO4J_HOME=${QNET_TEST_NEO4J_HOME:-$QNET_HOME/neo4j-test}
  export QNET_BOLT_PORT=${QNET_TEST_BOLT_PORT:-7688}
  export QNET_NEO4J_HEAP=${QNET_NEO4J_HEAP:-1g}
  export QNET_NEO4J_PAGECACHE_MB=${QNET_NEO4J_PAGECACHE_MB:-512}
  # Test data is disposable: start every run from an empty store, so the schema is exactly what
  # today's migrations make (never a left-over from an older checkout).
  "$VENV/bin/qnet" db stop >/dev/null || true
  rm -rf "$QNET_NEO4J_HOME/data"
  "$VENV/bin/qnet" db start
  trap '"$VENV/bin/qnet" db stop >/dev/null || true' EXIT
fi
"$VENV/bin/python" -m pytest "$@"
