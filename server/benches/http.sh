#!/usr/bin/env bash
# HTTP throughput over the loopback with keep-alive, all in one run: the health check, a
# static file (the shipped stylesheet, brotli), a server-rendered page signed in, and a
# server function, each at 1 and 16 connections, with wrk (Debian) as the load generator.
#   BASE_URL=http://127.0.0.1:3100 bash server/benches/http.sh   (a release server with the demo data)
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
apt_install wrk
base="${BASE_URL:-http://127.0.0.1:3100}"
seconds="${SECONDS_EACH:-10}"
css=$(awk '$1 == "css" { print $2 }' target/site/pkg/assets.txt)
cookie=$(curl -s -o /dev/null -D - -X POST "$base/api/auth/login" \
  -H "origin: $base" -H 'sec-fetch-site: same-origin' -H 'content-type: application/x-www-form-urlencoded' \
  --data 'email=student%40roc-amstelland.demo&password=cultuur-demo-2026' | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^ck_session=/ { print $2 }')
[ -n "$cookie" ] || { echo "could not sign in at $base" >&2; exit 1; }
post=$(mktemp --suffix .lua)
trap 'rm -f "$post"' EXIT
cat >"$post" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$base"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
wrk.headers["Cookie"] = "$cookie"
LUA
printf '| request | connections | requests/s | p50 | p99 |\n|---|---:|---:|---:|---:|\n'
run() { # name, connections, wrk arguments...
  local name=$1 conns=$2; shift 2
  wrk --latency -t "$(( conns < 2 ? 1 : 2 ))" -c "$conns" -d "${seconds}s" "$@" | awk -v name="$name" -v c="$conns" '
    /^Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    END { printf "| %s | %d | %s | %s | %s |\n", name, c, rps, p50, p99 }'
}
for conns in 1 16; do
  run '`GET /healthz`' "$conns" "$base/healthz"
  run "\`GET /pkg/$css\` (brotli)" "$conns" -H 'Accept-Encoding: br' "$base/pkg/$css"
  run '`GET /student`, signed in' "$conns" -H "Cookie: $cookie" -H 'Accept: text/html' -H 'Accept-Encoding: br, gzip' "$base/student"
  run '`POST /api/auth/me` (server function)' "$conns" -s "$post" "$base/api/auth/me"
done
