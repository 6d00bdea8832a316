# shellcheck shell=bash
# Sourced by .ci/run: start a private Oxigraph server for tests/test_remote.py.
#
# Loopback only, a free port, its own data folder under "$CI_TMP", --union-default-graph (as the embedded
# store reads its default graph). The `oxigraph` binary comes from the PyPI package `oxigraph` (same version
# line as pyoxigraph), installed here when missing. On success it exports OSCE_KG_TEST_OXIGRAPH_URL (the
# query URL, http://127.0.0.1:PORT/query); on failure it prints why (the end of the server's log) and goes on:
# the tests then skip, saying the variable is not set. Sourcing it twice reuses the running server.
# Needs: CI_TMP, CI_PIDS (set by .ci/run). Bounded waits only.

_osce_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# True when a SPARQL query URL answers ASK within a few seconds.
_osce_sparql_up() {
  python3 - "$1" <<'EOF' >/dev/null 2>&1
import sys, urllib.parse, urllib.request
url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": "ASK {}"})
request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
with urllib.request.urlopen(request, timeout=3) as response:
    sys.exit(0 if response.status == 200 and b"boolean" in response.read() else 1)
EOF
}

_osce_oxigraph_setup() {
  local dir="${CI_TMP:?CI_TMP is not set}/oxigraph" port pid url attempt waited
  : "${CI_PIDS:?CI_PIDS is not set}"
  if [ -n "${OSCE_KG_TEST_OXIGRAPH_URL:-}" ] && _osce_sparql_up "$OSCE_KG_TEST_OXIGRAPH_URL"; then
    echo "oxigraph: already running at $OSCE_KG_TEST_OXIGRAPH_URL"
    return 0
  fi
  unset OSCE_KG_TEST_OXIGRAPH_URL
  if ! command -v oxigraph >/dev/null 2>&1; then
    echo "oxigraph: installing the server binary (pip install oxigraph)"
    timeout 300 pip install -q 'oxigraph>=0.5.13,<0.6' || true
  fi
  if ! command -v oxigraph >/dev/null 2>&1; then
    echo "oxigraph: no oxigraph binary (pip install oxigraph failed); the Oxigraph tests will skip"
    return 0
  fi
  for attempt in 1 2 3; do   # a free port can be taken between the probe and the bind: try another
    rm -rf "$dir" && mkdir -p "$dir/data"
    port=$(_osce_free_port) || { echo "oxigraph: cannot find a free port"; return 0; }
    url="http://127.0.0.1:$port/query"
    oxigraph serve --location "$dir/data" --bind "127.0.0.1:$port" --union-default-graph \
      >"$dir/server.log" 2>&1 &
    pid=$!
    echo "$pid" >>"$CI_PIDS"
    echo "$pid" >"$dir/pid"
    for waited in $(seq 1 60); do          # at most ~30 s
      if _osce_sparql_up "$url"; then
        export OSCE_KG_TEST_OXIGRAPH_URL="$url"
        echo "oxigraph: $(oxigraph --version 2>/dev/null) up at $url (pid $pid, ${waited} checks)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    echo "oxigraph: attempt $attempt: the server did not answer at $url; its log:"
    tail -n 20 "$dir/server.log" | sed 's/^/  | /'
    kill "$pid" 2>/dev/null
  done
  echo "oxigraph: giving up; the Oxigraph tests will skip"
  return 0
}

_osce_oxigraph_setup
unset -f _osce_oxigraph_setup
