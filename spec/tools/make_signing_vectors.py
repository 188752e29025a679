#!/usr/bin/env python3
"""Writes spec/signing/<case>/: golden signing vectors with every intermediate string.

An implementation independent of the Rust code (hashlib, base64, zoneinfo), so the Rust
signing is checked against values it did not produce. Run from the repository root:

    python3 spec/tools/make_signing_vectors.py

Each case folder holds:
  input.json              account_sid, auth_token, timestamp (Beijing time), utc_instant
                          (the instant the timestamp stands for), version, func, url
  sign-plain.txt          accountSID + authToken + timestamp (the text before MD5)
  sign.txt                MD5 of it: 32 upper-case hex digits, zero-padded
  authorization-plain.txt accountSID + "|" + timestamp
  authorization.txt       base64 of it: the Authorization header
  url.txt                 /{version}/sid/{accountSID}/{func}/{url}?Sign={Sign}
"""

import base64
import datetime as dt
import hashlib
import json
import pathlib
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
SID = "ff8080813c37da53013c804f8072007c"
TOKEN = "2a8d79c8f2a24a1e9c5e1b57b3f0d6a4"

CASES = {
    # The documentation's MeetingQuery example: its account id and timestamp format.
    "doc-meeting-query": dict(
        account_sid="abcdefghijklmnopqrstuvwxyz012345",
        auth_token="ytxdoctoken0123456789abcdef012345",
        utc_instant="2014-04-16T06:20:30Z",
        version="201612", func="call", url="MeetingQuery.wx"),
    # MD5 digest starting with two zero nibbles: the hex must keep them (32 digits).
    "leading-zero-digest": dict(
        account_sid=SID, auth_token=TOKEN, utc_instant="2026-11-28T21:58:07Z",
        version="201512", func="call", url="DailbackCall.wx"),
    # 16:30 UTC is already the next day in Beijing: proves UTC+8 on a host in UTC.
    "beijing-next-day": dict(
        account_sid=SID, auth_token=TOKEN, utc_instant="2026-11-28T16:30:05Z",
        version="201612", func="account", url="getBlance.wx"),
    # New Year in Beijing while it is still the old year in UTC.
    "beijing-new-year": dict(
        account_sid=SID, auth_token=TOKEN, utc_instant="2025-12-31T16:00:00Z",
        version="201512", func="sms", url="TemplateSMS.wx"),
    # Leap day reached only in Beijing time.
    "beijing-leap-day": dict(
        account_sid=SID, auth_token=TOKEN, utc_instant="2024-02-28T16:00:00Z",
        version="201612", func="traffic", url="Traffic.wx"),
    # Upper-case account id and a token with non-hex characters: bytes are taken as given.
    "mixed-case-credentials": dict(
        account_sid="FF8080813C37DA53013C804F8072007C", auth_token="Tok-En_With.Punct~1",
        utc_instant="2026-06-30T23:59:59Z",
        version="201512", func="call", url="NoticeCall.wx"),
}


def main() -> None:
    root = pathlib.Path(__file__).resolve().parents[1] / "signing"
    for name, case in CASES.items():
        instant = dt.datetime.fromisoformat(case["utc_instant"].replace("Z", "+00:00"))
        timestamp = instant.astimezone(BEIJING).strftime("%Y%m%d%H%M%S")
        sign_plain = case["account_sid"] + case["auth_token"] + timestamp
        sign = hashlib.md5(sign_plain.encode("utf-8")).hexdigest().upper()
        auth_plain = case["account_sid"] + "|" + timestamp
        auth = base64.b64encode(auth_plain.encode("utf-8")).decode("ascii")
        url = "/{version}/sid/{sid}/{func}/{url}?Sign={sign}".format(
            version=case["version"], sid=case["account_sid"], func=case["func"],
            url=case["url"], sign=sign)
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        inputs = dict(case, timestamp=timestamp)
        (folder / "input.json").write_text(json.dumps(inputs, indent=2) + "\n")
        for file, text in [("sign-plain.txt", sign_plain), ("sign.txt", sign),
                           ("authorization-plain.txt", auth_plain),
                           ("authorization.txt", auth), ("url.txt", url)]:
            (folder / file).write_text(text + "\n")


if __name__ == "__main__":
    main()
