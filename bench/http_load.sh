#!/usr/bin/env bash
# HTTP load figures for the real server, with wrk on loopback. Baseline: GET /healthz (no sign-in,
# one read-only query). Each other figure is printed with its ratio to that baseline, so the cost
# of sign-in checks, SQLite reads and the audit write (an fsync per patient read) is visible.
#   bench/http_load.sh [seconds per run, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
data=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT

build/plasticity serve --data "$data" --listen 127.0.0.1:0 --demo --threads 2 > "$data/out" 2>/dev/null &
server=$!
for _ in $(seq 50); do grep -q 'listening on' "$data/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*[0-9]' "$data/out" | head -1)
token=$(curl -s -X POST "$url/api/v1/session" -H 'content-type: application/json' \
  -d '{"username":"demo.prescriber","password":"plasticity-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
patient=$(curl -s "$url/api/v1/patients?limit=1" -H "authorization: Bearer $token" |
  sed -E 's/.*"id":"([0-9a-f]{32})".*/\1/')

rate() {  # requests per second for one wrk run
  wrk -t2 -c8 -d"${seconds}s" "$@" | awk '/Requests\/sec/ {print $2}'
}

baseline=$(rate "$url/healthz")
printf '%-44s %10s %8s\n' "request (2 threads, 8 connections)" "req/s" "ratio"
printf '%-44s %10.0f %8s\n' "GET /healthz (baseline)" "$baseline" "1.00"
while read -r label path; do
  r=$(rate -H "authorization: Bearer $token" "$url$path")
  printf '%-44s %10.0f %8.2f\n' "${label//_/ }" "$r" "$(echo "$r / $baseline" | bc -l)"
done <<EOF2
GET_/api/v1/session_(sign-in_check) /api/v1/session
GET_/api/v1/patients/{id}_(read+audit) /api/v1/patients/$patient
GET_/api/v1/patients?query=demo_(search) /api/v1/patients?query=demo
EOF2
