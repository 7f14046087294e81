"""The stand-in: OUR model of Stripe's documented behaviour, mounted in front of localstripe.

Not Stripe. The gateway's `STRIPE_API_BASE` points here. It
- records every request (method, path, params, Idempotency-Key, Stripe-Account), so tests
  can assert what the app sent, including parameters the shim hid from localstripe;
- applies Stripe's idempotency: the same key with the same params replays the first
  answer; with other params it is a 400 `idempotency_error`. As Stripe documents, only
  requests that ran are remembered (2xx and 402 here), not validation errors or 5xx;
- can be told to fail the next requests (`fail_next`): "network" (connection dropped
  before acting), "500" (Stripe's api_error before acting), "timeout_after" (acts, then
  drops the connection, so the caller cannot know it acted);
- serves what localstripe lacks (Connect: see connect_model.py): accounts, account
  links, transfers and reversals, connected-account balances and payouts;
- records a `charge.refunded` event after each refund (localstripe sends none) and a
  `transfer.reversed` after each reversal, in `events`, for tests to deliver;
- forwards everything else to localstripe through a compatibility shim (`SHIM`) that
  strips the parameters localstripe refuses (test-time only: production sends them) and
  puts them back into the answers (`transfer_group`, `description`), with the
  `amount_received` localstripe's PaymentIntents lack, as Stripe's would carry them.
- receives localstripe's own signed webhooks at `/_standin/webhooks` (`webhooks`).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import requests

from tests.stripe_support.connect_model import ConnectModel, Reply
from tests.stripe_support.events import make_event
from tests.stripe_support.forms import unflatten
from tests.stripe_support.http_handler import handler_for

# (method, path pattern) -> top-level params localstripe answers "Unexpected ..." to.
SHIM: list[tuple[str, str, frozenset[str]]] = [
    (
        "POST",
        r"/v1/payment_intents",
        frozenset({"transfer_group", "description", "automatic_payment_methods"}),
    ),
    ("POST", r"/v1/payment_intents/[^/]+/cancel", frozenset({"cancellation_reason"})),
    ("GET", r"/v1/(payment_intents|refunds|charges)", frozenset({"created"})),
]


_KEY_REUSED = (
    "Keys for idempotent requests can only be used with the same parameters they were "
    "first used with."
)


@dataclass
class Recorded:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    stripe_account: str | None
    stripped: list[str] = field(default_factory=list)
    status: int = 0


@dataclass
class Webhook:
    """A webhook localstripe sent: the raw body and its Stripe-Signature, as sent."""

    payload: bytes
    signature: str

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.payload)


class StandIn:
    def __init__(self, upstream: str, secret_key: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.secret_key = secret_key
        self.lock = threading.RLock()
        self.connect = ConnectModel(self._fetch_charge)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.reset()

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.requests: list[Recorded] = []
            self.events: list[dict[str, Any]] = []
            self.webhooks: list[Webhook] = []
            self.failures: list[tuple[str, str, str]] = []
            self._idempotent: dict[tuple[str, str], tuple[str, str, list, int, dict]] = {}
            # object id -> params the shim stripped when creating it (echoed back as Stripe would)
            self._hidden: dict[str, dict[str, Any]] = {}
            self.connect.reset()

    def receive_webhook(self, payload: bytes, signature: str) -> None:
        with self.lock:
            self.webhooks.append(Webhook(payload, signature))

    def fail_next(
        self, kind: str, *, times: int = 1, path: str = "/v1/", method: str = "POST"
    ) -> None:
        """The next `times` requests to paths starting with `path` fail as `kind`."""
        assert kind in ("network", "500", "timeout_after"), kind
        with self.lock:
            self.failures.extend([(kind, method, path)] * times)

    def _take_failure(self, method: str, path: str) -> str | None:
        with self.lock:
            for i, (kind, m, prefix) in enumerate(self.failures):
                if m == method and path.startswith(prefix):
                    del self.failures[i]
                    return kind
        return None

    # Talking to localstripe directly (not recorded).

    def upstream_call(
        self,
        method: str,
        path: str,
        form: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        return requests.request(
            method,
            self.upstream + path,
            data=urlencode(form or []) if method != "GET" else None,
            params=urlencode(form or []) if method == "GET" else None,
            headers={
                "Authorization": f"Bearer {self.secret_key}",
                "Content-Type": "application/x-www-form-urlencoded",
                **(headers or {}),
            },
            timeout=10,
        )

    def _fetch_charge(self, ident: str) -> dict[str, Any] | None:
        answer = self.upstream_call("GET", f"/v1/charges/{ident}")
        return answer.json() if answer.status_code == 200 else None

    # Handling one request.

    def handle(
        self, method: str, path: str, form: list[tuple[str, str]], headers: dict[str, str]
    ) -> tuple[Reply | None, bool]:
        """(status, body) to answer, or None to drop the connection; and whether to replay-mark."""
        key = headers.get("idempotency-key")
        account = headers.get("stripe-account")
        record = Recorded(method, path, unflatten(form), key, account)
        with self.lock:
            self.requests.append(record)
        failure = self._take_failure(method, path)
        if failure == "network":
            return None, False
        if failure == "500":
            record.status = 500
            return (
                500,
                {"error": {"type": "api_error", "message": "Injected server error."}},
            ), False
        replayed = False
        scope = (account or "", key) if method == "POST" and key else None
        with self.lock:
            first = self._idempotent.get(scope) if scope else None
            if first is not None:
                if first[:3] != (method, path, sorted(form)):
                    error = {"type": "idempotency_error", "message": _KEY_REUSED}
                    reply: Reply = (400, {"error": error})
                else:
                    reply, replayed = (first[3], first[4]), True
            else:
                reply = self._route(method, path, form, record)
                if scope and (200 <= reply[0] < 300 or reply[0] == 402):
                    self._idempotent[scope] = (method, path, sorted(form), reply[0], reply[1])
        record.status = reply[0]
        if failure == "timeout_after":
            return None, False
        return reply, replayed

    def _route(
        self, method: str, path: str, form: list[tuple[str, str]], record: Recorded
    ) -> Reply:
        params, connect = record.params, self.connect
        parts = path.strip("/").split("/")[1:]  # without "v1"
        if parts[:1] == ["accounts"]:
            if method == "POST" and len(parts) == 1:
                return connect.create_account(params)
            if len(parts) == 2:
                if method == "GET":
                    return connect.retrieve_account(parts[1])
                return connect.update_account(parts[1], params)
        if parts == ["account_links"] and method == "POST":
            return connect.account_link(params, self.url)
        if parts[:1] == ["transfers"]:
            return self._transfers(method, parts, params)
        if parts == ["balance"] and record.stripe_account:
            return connect.balance(record.stripe_account)
        if parts[:1] == ["payouts"] and len(parts) == 2 and record.stripe_account:
            payout = connect.payouts.get(parts[1])
            return (200, payout) if payout else (404, {"error": {"type": "invalid_request_error"}})
        reply = self._forward(method, path, form, record)
        if method == "POST" and parts == ["refunds"] and reply[0] == 200:
            charge = self._fetch_charge(str(reply[1]["charge"]))
            if charge is not None:
                self.events.append(make_event("charge.refunded", charge))
        return reply

    def _transfers(self, method: str, parts: list[str], params: dict[str, Any]) -> Reply:
        connect = self.connect
        if len(parts) == 1:
            if method == "POST":
                return connect.create_transfer(params)
            return 200, _listing(list(connect.transfers.values()), params, "/v1/transfers")
        if len(parts) == 2 and method == "GET":
            return connect.retrieve_transfer(parts[1])
        if len(parts) == 3 and parts[2] == "reversals":
            if method == "POST":
                reply = connect.reverse(parts[1], params)
                if reply[0] == 200:  # Stripe sends it for partial reversals too
                    self.events.append(make_event("transfer.reversed", connect.transfers[parts[1]]))
                return reply
            status, transfer = connect.retrieve_transfer(parts[1])
            return (status, transfer["reversals"]) if status == 200 else (status, transfer)
        return 404, {"error": {"type": "invalid_request_error", "message": "Unrecognized URL"}}

    def _forward(
        self, method: str, path: str, form: list[tuple[str, str]], record: Recorded
    ) -> Reply:
        refused: frozenset[str] = frozenset()
        for m, pattern, names in SHIM:
            if m == method and re.fullmatch(pattern, path):
                refused = names
        kept = [(k, v) for k, v in form if k.split("[", 1)[0] not in refused]
        record.stripped = sorted({k.split("[", 1)[0] for k, _ in form} & refused)
        answer = self.upstream_call(method, path, kept)
        body = answer.json()
        if answer.status_code != 200:
            return answer.status_code, body
        if method == "POST" and record.stripped and "id" in body:
            self._hidden[body["id"]] = {k: record.params[k] for k in record.stripped}
        if "data" in body and isinstance(body["data"], list):
            if "created" in record.stripped:
                body["data"] = _created_within(body["data"], record.params.get("created") or {})
            body["data"] = [self._complete(item) for item in body["data"]]
            return 200, body
        return 200, self._complete(body)

    def _complete(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Give back what the shim hid from localstripe, and fields localstripe leaves out."""
        hidden = self._hidden.get(obj.get("id", ""), {})
        obj = {**obj, **{k: v for k, v in hidden.items() if k != "automatic_payment_methods"}}
        if obj.get("object") == "payment_intent" and "amount_received" not in obj:
            obj["amount_received"] = obj["amount"] if obj.get("status") == "succeeded" else 0
        return obj


def _created_within(items: list[dict[str, Any]], window: dict[str, Any]) -> list[dict[str, Any]]:
    tests = {"gt": int.__gt__, "gte": int.__ge__, "lt": int.__lt__, "lte": int.__le__}
    return [
        item
        for item in items
        if all(tests[op](int(item["created"]), int(v)) for op, v in window.items() if op in tests)
    ]


def _listing(items: list[dict[str, Any]], params: dict[str, Any], url: str) -> dict[str, Any]:
    items = _created_within(items, params.get("created") or {})
    items.sort(key=lambda item: item["created"], reverse=True)
    after = params.get("starting_after")
    if after:
        ids = [item["id"] for item in items]
        items = items[ids.index(after) + 1 :] if after in ids else []
    limit = int(params.get("limit") or 10)
    return {"object": "list", "url": url, "data": items[:limit], "has_more": len(items) > limit}
