#!/usr/bin/env bash
# The emulator's control API from the shell, with curl: start `ytx emulator --control`,
# send one template SMS signed with md5sum and base64, check that exactly one SMS was sent,
# make the platform fail with a fault, then reset. Exits non-zero if anything is not as
# expected. Needs ytx (or YTX_BIN), curl, md5sum, base64 and GNU date.
set -euo pipefail
ytx=${YTX_BIN:-ytx}
sid=ff8080813c37da53013c804f8072007c
token=2a8d79c8f2a24a1e9c5e1b57b3f0d6a4
app=3f9af51f60a644daa8f7c2dc335c981b

out=$(mktemp)
"$ytx" emulator --listen 127.0.0.1:0 --control \
  --account-sid "$sid" --auth-token "$token" --app-id "$app" >"$out" &
emulator=$!
trap 'kill "$emulator" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$out" && break; sleep 0.1; done
base=$(sed -n 's/^ytx emulator listening on //p' "$out")
api=$base/__emulator
echo "emulator at $base, control API at $api/"

# The application's request: Sign = MD5(account id + token + Beijing time), upper case;
# Authorization = base64("account id|Beijing time").
# Prints the answer; sets $status to its HTTP status.
send_sms() {
  local ts sign auth answer
  ts=$(date -u -d '+8 hours' +%Y%m%d%H%M%S)
  sign=$(printf '%s' "$sid$token$ts" | md5sum | cut -c1-32 | tr a-f A-F)
  auth=$(printf '%s' "$sid|$ts" | base64 -w0)
  answer=$(curl -s -w '\n%{http_code}' -X POST \
    "$base/201512/sid/$sid/sms/TemplateSMS.wx?Sign=$sign" \
    -H "Authorization: $auth" -H 'Accept: application/json;' \
    -H 'Content-Type: application/json;charset=utf-8;' \
    -d "{\"action\":\"templateSms\",\"appid\":\"$app\",\"mobile\":\"13911281234\",\"templateId\":\"1\"}")
  status=${answer##*$'\n'}
  echo "SMS: HTTP $status ${answer%$'\n'*}"
}

send_sms
[ "$status" = 200 ] || { echo "the SMS got HTTP $status" >&2; exit 1; }

ledger=$(curl -s "$api/ledger"); echo "ledger: $ledger"
[ "$(grep -o '"sms_sent"' <<<"$ledger" | wc -l)" = 1 ] || { echo "expected exactly one SMS" >&2; exit 1; }
echo "requests: $(curl -s "$api/requests")"
echo "accounts: $(curl -s "$api/accounts")"

# Make the platform fail: the next TemplateSMS.wx request gets HTTP 503, and has no effect.
curl -s -X POST "$api/faults" -d '{"fault":"status","status":503,"url":"TemplateSMS.wx"}'; echo
send_sms
[ "$status" = 503 ] || { echo "expected the injected 503, got $status" >&2; exit 1; }

# A bad control request says why, with 400.
answer=$(curl -s -w '\n%{http_code}' -X POST "$api/faults" -d '{"fault":"explode"}')
status=${answer##*$'\n'}
echo "bad control request: HTTP $status ${answer%$'\n'*}"
[ "$status" = 400 ] || { echo "expected 400, got $status" >&2; exit 1; }

curl -s -X POST "$api/reset"; echo
[ "$(curl -s "$api/ledger")" = '{"ledger":[]}' ] || { echo "the reset left the ledger" >&2; exit 1; }
echo "ok: one SMS sent, a fault injected, a bad request refused, state reset"
