#!/usr/bin/env bash
# Server instructions per request under callgrind: the emulator (serve-emulator) or the
# minimal Sign-checking server (serve), driven by the SDK at 32 in flight, counters zeroed
# once the server listens. Needs valgrind and a release build of the loopback harness:
#
#   cargo build --release -p ytx-bench --bin loopback
#   bash bench/server-callgrind.sh serve-emulator 20000
#   bash bench/server-callgrind.sh serve 20000
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-serve-emulator}
requests=${2:-20000}
loopback=${LOOPBACK:-target/release/loopback}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$loopback" "$mode" >"$out/log" 2>/dev/null &
server=$!
for _ in $(seq 100); do grep -q listening "$out/log" 2>/dev/null && break; sleep 0.2; done
addr=$(sed -n 's/listening on //p' "$out/log")
callgrind_control -z "$server" >/dev/null 2>&1
"$loopback" drive ytx 32 "$requests" "$addr"
callgrind_control -d "$server" >/dev/null 2>&1
sleep 1
kill "$server"
wait "$server" 2>/dev/null || true
# The dump holds what ran between the zeroing and the dump: the requests.
total=$(awk '/^(summary|totals):/ { s += $2; nextfile } END { print s }' "$out"/cg.*)
echo "$mode: $((total / requests)) instructions a request ($total for $requests)"
