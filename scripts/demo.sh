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
  "$QNET" db start
fi
"$QNET" db migrate
"$QNET" seed
# The worker sends notification emails and digests and delivers the outbox (into $QNET_HOME/mail
# unless QNET_SMTP_HOST is set); it stops with the app.
"$QNET" worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT
echo "qnet is serving on http://127.0.0.1:$PORT  (API docs: /api/v1/docs; Ctrl-C to stop; 'qnet db stop' stops Neo4j)"
"$QNET" serve --host 127.0.0.1 --port "$PORT"
