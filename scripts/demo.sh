#!/usr/bin/env bash
# One command for a working demo: set up, start the local Neo4j, load the demo community, serve.
# Only qnet's own lines reach the terminal; what the installers, the model and the server print in
# passing goes to $QNET_HOME/logs/demo.log (shown in full if a step fails).
set -euo pipefail
cd "$(dirname "$0")/.."
QNET_HOME=${QNET_HOME:-$HOME/.qnet}
VENV=${QNET_VENV:-$QNET_HOME/venv}
QNET="$VENV/bin/qnet"
PORT=${QNET_PORT:-5000}
LOG="$QNET_HOME/logs/demo.log"
mkdir -p "$(dirname "$LOG")"
: > "$LOG"
export QNET_HOME
# Library noise off: progress bars, Python warnings, the model loader's chatter, routine server logs.
export TQDM_DISABLE=1 PYTHONWARNINGS=ignore TRANSFORMERS_VERBOSITY=error HF_HUB_DISABLE_PROGRESS_BARS=1 \
       TOKENIZERS_PARALLELISM=false QNET_LOG_LEVEL=${QNET_LOG_LEVEL:-ERROR}

say() { printf '%s\n' "$*"; }
step() {  # step "what is happening" command...: run quietly, show the log if it fails
  say "$1"
  shift
  if ! "$@" >>"$LOG" 2>&1; then
    say "That step failed. What it printed:"
    tail -n 40 "$LOG"
    exit 1
  fi
}

step "Setting up (the first time installs Java, Maven, Python packages and Neo4j: a few minutes)..." \
  bash scripts/setup.sh
if [ -z "${NEO4J_URI:-}" ]; then
  # Exit 4: the demo data was written by an older Neo4j (5.26); upgrade it (a backup is taken first).
  step "Starting the local Neo4j..." bash -c '"$0" db start || { [ $? = 4 ] && "$0" db upgrade --yes; }' "$QNET"
fi
step "Updating the database schema..." "$QNET" db migrate
step "Loading the demo community (300 members; the first time embeds their profiles: a minute or two)..." \
  "$QNET" seed

"$QNET" serve --host 127.0.0.1 --port "$PORT" >>"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' INT TERM
say "Starting the web server..."
for _ in $(seq 1 180); do
  if ! kill -0 "$SERVER" 2>/dev/null; then
    say "The web server stopped. What it printed:"; tail -n 40 "$LOG"; exit 1
  fi
  if "$VENV/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/healthz', timeout=2)" \
       2>/dev/null; then break; fi
  sleep 1
done

cat <<EOF

qnet is ready: open http://127.0.0.1:$PORT/

Demo accounts (password: improve-together-2026)
  coordinator@example.org    coordinator: review applications, moderate, open rounds, see the cluster map
  amira.hassan@example.org   member: has not voted yet in the open idea round
  tom.price@example.org      member
  grace.owusu@example.org    member

Or look around as a visitor: a recruitment phase is open for applications.
API documentation: http://127.0.0.1:$PORT/api/v1/docs
Press Ctrl-C to stop the web server; 'qnet db stop' stops Neo4j. Logs: $LOG
EOF
wait "$SERVER"
