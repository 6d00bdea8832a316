# shellcheck shell=bash
# Sourced by .ci/run: start a PRIVATE Virtuoso 7 for tests/test_remote.py.
#
# Not the Debian service: `virtuoso-t +foreground` with our own ini (.ci/virtuoso/virtuoso.ini.in), its own
# database folder under "$CI_TMP", SQL and HTTP ports on 127.0.0.1 only, ResultSetMaxRows low on purpose.
# At start it (through isql, on the loopback SQL port) replaces the default dba password with a random one and
# creates a user `osce` with a random password and the SPARQL_UPDATE role, which is what /sparql-auth and
# /sparql-graph-crud-auth (HTTP Digest) need. Exports:
#   OSCE_KG_TEST_VIRTUOSO_URL       http://127.0.0.1:PORT/sparql
#   OSCE_KG_TEST_VIRTUOSO_USER      osce
#   OSCE_KG_TEST_VIRTUOSO_PASSWORD  (random)
# On failure it prints why (the end of Virtuoso's log) and goes on; the tests then skip. Sourcing it twice
# reuses the running server. Needs: CI_TMP, CI_PIDS (set by .ci/run); the Debian package virtuoso-opensource
# (.ci/apt-packages). Bounded waits only.

_osce_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_osce_sparql_up() {
  python3 - "$1" <<'EOF' >/dev/null 2>&1
import sys, urllib.parse, urllib.request
url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": "ASK {}"})
request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
with urllib.request.urlopen(request, timeout=3) as response:
    sys.exit(0 if response.status == 200 and b"boolean" in response.read() else 1)
EOF
}

_osce_virtuoso_setup() {
  local dir="${CI_TMP:?CI_TMP is not set}/virtuoso" template sqlport httpport pid url waited attempt
  local dba_password user_password isql_out
  : "${CI_PIDS:?CI_PIDS is not set}"
  template="$(pwd)/.ci/virtuoso/virtuoso.ini.in"
  if [ -n "${OSCE_KG_TEST_VIRTUOSO_URL:-}" ] && _osce_sparql_up "$OSCE_KG_TEST_VIRTUOSO_URL"; then
    echo "virtuoso: already running at $OSCE_KG_TEST_VIRTUOSO_URL"
    return 0
  fi
  unset OSCE_KG_TEST_VIRTUOSO_URL OSCE_KG_TEST_VIRTUOSO_USER OSCE_KG_TEST_VIRTUOSO_PASSWORD
  if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
    echo "virtuoso: virtuoso-t / isql-vt not found (Debian package virtuoso-opensource); the Virtuoso tests will skip"
    return 0
  fi
  if [ ! -r "$template" ]; then
    echo "virtuoso: $template is missing; the Virtuoso tests will skip"
    return 0
  fi
  for attempt in 1 2; do
    rm -rf "$dir" && mkdir -p "$dir"
    sqlport=$(_osce_free_port) && httpport=$(_osce_free_port) || { echo "virtuoso: no free port"; return 0; }
    [ "$sqlport" = "$httpport" ] && continue
    sed -e "s#@DIR@#$dir#g" -e "s#@SQLPORT@#$sqlport#g" -e "s#@HTTPPORT@#$httpport#g" -e "s#@MAXROWS@#10000#g" \
      "$template" >"$dir/virtuoso.ini"
    url="http://127.0.0.1:$httpport/sparql"
    # Virtuoso resolves relative paths against its working directory: run it from its own folder.
    (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
    pid=$!
    echo "$pid" >>"$CI_PIDS"
    echo "$pid" >"$dir/pid"
    for waited in $(seq 1 90); do          # at most ~90 s (a fresh database takes ~5 s)
      _osce_sparql_up "$url" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if ! _osce_sparql_up "$url"; then
      echo "virtuoso: attempt $attempt: no answer at $url after ${waited} s; its log:"
      { tail -n 25 "$dir/virtuoso.log" 2>/dev/null || tail -n 25 "$dir/stdout.log" 2>/dev/null; } | sed 's/^/  | /'
      kill "$pid" 2>/dev/null
      continue
    fi
    # hex after a letter: nothing for SQL or a shell to misread
    dba_password=$(python3 -c 'import secrets; print("p" + secrets.token_hex(12))')
    user_password=$(python3 -c 'import secrets; print("p" + secrets.token_hex(12))')
    # The default dba/dba only ever listens on 127.0.0.1, and only until this runs.
    isql_out=$(cd "$dir" && timeout 60 isql-vt "127.0.0.1:$sqlport" dba dba \
      exec="DB.DBA.USER_CREATE('osce', '$user_password'); GRANT SPARQL_UPDATE TO \"osce\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('osce', 15); DB.DBA.USER_CHANGE_PASSWORD('dba', 'dba', '$dba_password'); checkpoint;" 2>&1)
    if [ $? -ne 0 ] || printf '%s' "$isql_out" | grep -q '\*\*\* Error'; then
      echo "virtuoso: setting up the users failed; the Virtuoso tests will skip:"
      printf '%s\n' "$isql_out" | tail -n 10 | sed 's/^/  | /'
      kill "$pid" 2>/dev/null
      return 0
    fi
    export OSCE_KG_TEST_VIRTUOSO_URL="$url"
    export OSCE_KG_TEST_VIRTUOSO_USER=osce
    export OSCE_KG_TEST_VIRTUOSO_PASSWORD="$user_password"
    echo "virtuoso: $(virtuoso-t -? 2>&1 | sed -n 's/^Version \([^ ]*\).*/\1/p') up at $url (SQL 127.0.0.1:$sqlport, pid $pid, ${waited} s)"
    return 0
  done
  echo "virtuoso: giving up; the Virtuoso tests will skip"
  return 0
}

_osce_virtuoso_setup
unset -f _osce_virtuoso_setup
