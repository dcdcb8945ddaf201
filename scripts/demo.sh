#!/usr/bin/env bash
# One command for a working demo: set up, start the local Neo4j, load the demo community, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
QNET_HOME=${QNET_HOME:-$HOME/.qnet}
VENV=${QNET_VENV:-$QNET_HOME/venv}
QNET="$VENV/bin/qnet"
PORT=${QNET_PORT:-5000}

if [ -z "${NEO4J_URI:-}" ]; then
  # Exit 4: the demo data was written by an older Neo4j (5.26); upgrade it (a backup is taken first).
  "$QNET" db start || { [ $? = 4 ] && "$QNET" db upgrade --yes; }
fi
"$QNET" db migrate
"$QNET" seed
echo "qnet is serving on http://127.0.0.1:$PORT  (API docs: /api/v1/docs; Ctrl-C to stop; 'qnet db stop' stops Neo4j)"
exec "$QNET" serve --host 127.0.0.1 --port "$PORT"
