"""A Python test suite using `ytx emulator --control` as its YTX platform.

The application code under test is `send_sms` below: a plain YTX client in a few lines
(the Sign is the upper-case MD5 of account id, token and a Beijing-time timestamp; the
Authorization is base64 of "account|timestamp"). The tests check what the platform did
through the emulator's control API: exactly one SMS sent, one delivery push recorded and
delivered, a fault that makes the platform fail, and a bad control request refused.

Run: YTX_BIN=path/to/ytx python -m pytest examples/python
(pytest and requests: examples/python/requirements.txt; scripts/setup-test-deps makes a
virtual environment with them.)
"""

import base64
import hashlib
import http.server
import json
import os
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

SID = "ff8080813c37da53013c804f8072007c"
TOKEN = "2a8d79c8f2a24a1e9c5e1b57b3f0d6a4"
APP = "3f9af51f60a644daa8f7c2dc335c981b"


def send_sms(base_url, mobile, template_id="1"):
    """The application's code: one template SMS, signed as the platform documents."""
    timestamp = (datetime.now(timezone.utc) + timedelta(hours=8)).strftime("%Y%m%d%H%M%S")
    sign = hashlib.md5((SID + TOKEN + timestamp).encode()).hexdigest().upper()
    authorization = base64.b64encode(f"{SID}|{timestamp}".encode()).decode()
    body = {"action": "templateSms", "appid": APP, "mobile": mobile, "templateId": template_id}
    return requests.post(
        f"{base_url}/201512/sid/{SID}/sms/TemplateSMS.wx?Sign={sign}",
        data=json.dumps(body),
        headers={
            "Accept": "application/json;",
            "Content-Type": "application/json;charset=utf-8;",
            "Authorization": authorization,
        },
        timeout=10,
    )


class _Pushes(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        _Pushes.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"statusCode":"0"}')

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def callbacks():
    """The application's callback endpoint, on 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pushes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ytx/callback"
    server.shutdown()


@pytest.fixture(scope="module")
def platform(callbacks):
    """`ytx emulator --control` on a free port; its base URL."""
    ytx = os.environ.get("YTX_BIN", "ytx")
    process = subprocess.Popen(
        [ytx, "emulator", "--listen", "127.0.0.1:0", "--control", "--callback-url", callbacks,
         "--account-sid", SID, "--auth-token", TOKEN, "--app-id", APP],
        stdout=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()  # "ytx emulator listening on http://127.0.0.1:PORT"
    assert first.startswith("ytx emulator listening on "), first
    yield first.rsplit(" ", 1)[1].strip()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def control(platform):
    """The control API, reset before each test."""
    api = f"{platform}/__emulator"
    requests.post(f"{api}/reset", timeout=10).raise_for_status()
    _Pushes.received.clear()
    return api


def wait_for(read, seconds=10):
    deadline = time.monotonic() + seconds
    while True:
        found = read()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_exactly_one_sms_is_sent_and_one_delivery_push_recorded(platform, control):
    answer = send_sms(platform, "13911281234").json()
    assert answer["statusCode"] == "0", answer

    ledger = requests.get(f"{control}/ledger", timeout=10).json()["ledger"]
    sent = [entry for entry in ledger if entry["effect"]["kind"] == "sms_sent"]
    assert len(sent) == 1
    assert sent[0]["effect"]["mobiles"] == ["13911281234"]
    assert sent[0]["requestId"] == answer["requestId"]

    def deliveries():
        pushes = requests.get(f"{control}/pushes", timeout=10).json()["pushes"]
        return [push for push in pushes if push["kind"] == "sms_delivery"]

    pushed = wait_for(deliveries)
    assert len(pushed) == 1
    assert pushed[0]["delivered"] is True
    assert pushed[0]["body"]["mobileList"] == "13911281234"
    assert [push["sendSts"] for push in _Pushes.received] == ["1"]

    judged = requests.get(f"{control}/requests", timeout=10).json()["requests"]
    assert [(r["action"], r["verdict"], r["statusCode"]) for r in judged] == [
        ("templateSms", "accepted", "0")
    ]
    assert "Sign=***" in judged[0]["target"]


def test_a_fault_makes_the_platform_fail_and_nothing_is_sent(platform, control):
    fault = {"fault": "status", "status": 503, "url": "TemplateSMS.wx"}
    assert requests.post(f"{control}/faults", json=fault, timeout=10).status_code == 201
    assert send_sms(platform, "13911281234").status_code == 503
    assert requests.get(f"{control}/ledger", timeout=10).json()["ledger"] == []


def test_a_low_balance_is_refused_like_the_platform_does(platform, control):
    put = requests.put(f"{control}/accounts/{SID}/balance", json={"yuan": "0.01"}, timeout=10)
    assert put.status_code == 200, put.text
    assert send_sms(platform, "13911281234").json()["statusCode"] == "-204"
    accounts = requests.get(f"{control}/accounts", timeout=10).json()["accounts"]
    assert accounts == [{"accountSid": SID, "balance": "0.01", "balanceFen": 1}]


def test_a_bad_control_request_says_why(control):
    answer = requests.post(f"{control}/faults", json={"fault": "explode"}, timeout=10)
    assert answer.status_code == 400
    assert "one of" in answer.json()["error"]
