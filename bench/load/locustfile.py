"""Locust load test: a weighted mix of what visitors, brands, KOLs and shoppers do.

    locust -f bench/load/locustfile.py --host http://127.0.0.1:8000                  # the mix
    LOAD_TARGET=hello locust -f bench/load/locustfile.py --host http://127.0.0.1:8001  # ceiling

`bench/load/run.py` drives both headless and prints the tables; use this file directly for
the web UI. The mix needs the demo data (`flask seed demo`): the demo brand
`brand@demo.example`, KOLs `kol<N>@demo.example` and the demo seed's commission contracts,
all with the password `demo-pass-123`. Before the clock starts, `prepare` signs in once
(bearer tokens for the brand, a few more brands and a pool of KOLs), finds the demo brand's
open briefs (creating up to 8 when it has fewer) and the tracked-link codes of its
contracts, and shares them with every user.

Every request is named by its endpoint template (`/api/v1/contracts/[id]/accept`), and a
status other than the one the endpoint promises counts as a failure.

Environment: LOAD_TARGET (`app`, the default, or `hello`), LOAD_KOLS (KOLs seeded, default
100000), LOAD_KOL_POOL (KOLs that take part in contracts, default 100), LOAD_BRAND_POOL
(brands offering contracts, default 10), LOAD_THINK_S ("min,max" seconds between a user's
tasks, default "0.1,0.5").
"""

from __future__ import annotations

import itertools
import os
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import gevent.pool
import requests
from browse_mix import CATEGORIES, QUERIES_EN, QUERIES_ZH, browse_filters
from locust import FastHttpUser, between, events, task
from locust.env import Environment
from locust.runners import MasterRunner

PASSWORD = "demo-pass-123"
DEMO_BRAND = "brand@demo.example"
ZH_PAGE_MARK = 'lang="zh-Hans"'
POST_URL = "https://www.xiaohongshu.com/explore/64f0c0ffee"


def _think_range() -> tuple[float, float]:
    low, _, high = os.environ.get("LOAD_THINK_S", "0.1,0.5").partition(",")
    return float(low), float(high or low)


THINK = between(*_think_range())
# The same file drives both targets, so a bare `locust -f` never mixes them.
HELLO = os.environ.get("LOAD_TARGET", "app") == "hello"


@dataclass
class Fixtures:
    """What every simulated user shares, found once before the load starts."""

    brand_token: str = ""
    brief_ids: list[int] = field(default_factory=list)
    offer_brands: list[str] = field(default_factory=list)  # bearer tokens
    kols: list[tuple[int, str]] = field(default_factory=list)  # (user id, bearer token)
    link_codes: list[str] = field(default_factory=list)


FIXTURES = Fixtures()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _token(http: requests.Session, host: str, email: str) -> str | None:
    answer = http.post(
        f"{host}/api/v1/auth/token", json={"email": email, "password": PASSWORD}, timeout=30
    )
    return answer.json()["token"] if answer.status_code == 200 else None


def _pages(http: requests.Session, url: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in itertools.count(1):
        answer = http.get(url, params={"page": page, "per_page": 100}, headers=_bearer(token))
        answer.raise_for_status()
        body = answer.json()
        items.extend(body["items"])
        if page * body["per_page"] >= body["total"]:
            return items


def _link_codes(http: requests.Session, host: str, token: str) -> list[str]:
    contracts = _pages(http, f"{host}/api/v1/contracts", token)
    codes = []
    for contract in contracts:
        if contract.get("commission_bps") is None:
            continue
        detail = http.get(f"{host}/api/v1/contracts/{contract['id']}", headers=_bearer(token))
        codes += [p["link"]["code"] for p in detail.json().get("products") or []]
    return codes


BRIEF_SHAPES = (
    ("beauty", "Summer sunscreen launch", ["xiaohongshu", "douyin"], {"female": 0.8, "male": 0.2}),
    ("fashion", "秋季新品穿搭", ["xiaohongshu", "weibo"], {"female": 0.7, "male": 0.3}),
    ("food", "Hotpot base taste test", ["douyin", "kuaishou"], {"female": 0.5, "male": 0.5}),
    ("electronics", "Earbuds unboxing", ["bilibili", "douyin"], {"female": 0.3, "male": 0.7}),
    (
        "sports",
        "Running shoes 30-day test",
        ["douyin", "xiaohongshu"],
        {"female": 0.5, "male": 0.5},
    ),
    ("mother_baby", "婴儿湿巾测评", ["xiaohongshu", "taobao_live"], {"female": 0.9, "male": 0.1}),
    ("home", "Robot vacuum in a small flat", ["bilibili", "weibo"], {"female": 0.6, "male": 0.4}),
    ("health", "Vitamin gummies for busy people", ["xiaohongshu"], {"female": 0.7, "male": 0.3}),
)


def _ensure_briefs(http: requests.Session, host: str, token: str) -> list[int]:
    """The demo brand's open briefs, topped up to one per BRIEF_SHAPES so matches vary."""
    briefs = _pages(http, f"{host}/api/v1/briefs", token)
    open_ids = [b["id"] for b in briefs if b["status"] == "open"]
    for category, title, platforms, gender in BRIEF_SHAPES[len(open_ids) :]:
        body = {
            "title": title,
            "description": f"{title}: honest posts for our {category} launch.",
            "category": category,
            "platforms": platforms,
            "collab_types": ["image_text", "short_video"],
            "budget": 800_000,
            "currency": "cny",
            "target_audience": {"gender": gender},
            "min_followers": 5_000,
            "max_followers": 2_000_000,
            "deadline": (date.today() + timedelta(days=60)).isoformat(),
            "status": "open",
        }
        answer = http.post(f"{host}/api/v1/briefs", json=body, headers=_bearer(token))
        answer.raise_for_status()
        open_ids.append(answer.json()["id"])
    return open_ids


def _kol(host: str, index: int) -> tuple[int, str] | None:
    http = requests.Session()
    token = _token(http, host, f"kol{index}@demo.example")
    me = http.get(f"{host}/api/v1/me", headers=_bearer(token)) if token else None
    if me is None or me.status_code != 200:  # suspended KOLs get no token
        return None
    return me.json()["user"]["id"], token


def prepare(host: str) -> Fixtures:
    """Tokens, briefs and link codes from the seeded demo data; fails loudly when missing."""
    kols_seeded = int(os.environ.get("LOAD_KOLS", "100000"))
    kol_pool = int(os.environ.get("LOAD_KOL_POOL", "100"))
    brand_pool = int(os.environ.get("LOAD_BRAND_POOL", "10"))
    http = requests.Session()
    fixtures = Fixtures()
    brand_token = _token(http, host, DEMO_BRAND)
    if brand_token is None:
        raise RuntimeError(f"cannot sign in as {DEMO_BRAND}: is the demo data seeded?")
    fixtures.brand_token = brand_token
    fixtures.brief_ids = _ensure_briefs(http, host, brand_token)
    fixtures.link_codes = _link_codes(http, host, brand_token)
    # Signing in costs the server one scrypt each: a few at a time, like real sign-ins.
    pool = gevent.pool.Pool(4)
    others = pool.map(
        lambda i: _token(requests.Session(), host, f"brand{i}@demo.example"), range(1, brand_pool)
    )
    fixtures.offer_brands = [brand_token, *(t for t in others if t)]
    indexes = random.Random(13).sample(range(1, kols_seeded), min(kol_pool, kols_seeded - 1))
    fixtures.kols = [kol for kol in pool.map(lambda i: _kol(host, i), indexes) if kol]
    if not (fixtures.brief_ids and fixtures.kols and fixtures.link_codes):
        raise RuntimeError(
            f"demo data incomplete: {len(fixtures.brief_ids)} open briefs, "
            f"{len(fixtures.kols)} KOLs, {len(fixtures.link_codes)} tracked links"
        )
    return fixtures


@events.init.add_listener
def _prepare(environment: Environment, **_: Any) -> None:
    """Before the clock starts (`-t` counts from the start, after `init`)."""
    if HELLO or isinstance(environment.runner, MasterRunner):
        return
    global FIXTURES
    FIXTURES = prepare(environment.host or "")
    print(
        f"prepared: {len(FIXTURES.brief_ids)} briefs, {len(FIXTURES.kols)} KOLs, "
        f"{len(FIXTURES.offer_brands)} brands, {len(FIXTURES.link_codes)} tracked links",
        flush=True,
    )


class MarketplaceUser(FastHttpUser):
    abstract = True
    wait_time = THINK

    def expect(self, method: str, path: str, status: int, name: str, **kwargs: Any) -> Any:
        """One request; any other status is a failure. Returns the response (or None)."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            if r.status_code != status:
                r.failure(f"{r.status_code} (expected {status}): {(r.text or '')[:200]}")
                return None
            return r


class Visitor(MarketplaceUser):
    """Anonymous: browses with filters and pages, searches in English and in Chinese."""

    abstract = HELLO
    weight = 6

    def on_start(self) -> None:
        self.chinese = random.random() < 0.5
        if self.chinese and random.random() < 0.5:
            # Half the Chinese readers use the language switch, the rest their browser's.
            self.expect("GET", "/lang/zh?next=/browse/", 302, "/lang/[code]", allow_redirects=False)

    def page(self, params: dict[str, Any], name: str) -> None:
        headers = {"Accept-Language": "zh-CN,zh;q=0.9" if self.chinese else "en-US,en;q=0.8"}
        r = self.expect("GET", "/browse/", 200, name, params=params, headers=headers)
        if r is not None and self.chinese and ZH_PAGE_MARK not in r.text:
            r.failure("asked for Chinese, got another language")

    @task(4)
    def browse_filtered(self) -> None:
        params = browse_filters()
        self.page(params, "/browse/ [filters]")

    @task(3)
    def search_text(self) -> None:
        query = random.choice(QUERIES_ZH if self.chinese else QUERIES_EN)
        params: dict[str, Any] = {"q": query, "page": random.choice((1, 1, 1, 2, 3))}
        if random.random() < 0.3:
            params["category"] = random.choice(CATEGORIES)
        self.page(params, f"/browse/?q= [{'zh' if self.chinese else 'en'}]")


class BrandMatcher(MarketplaceUser):
    """The demo brand opens its briefs' Top matches: the page (signed in) and the API."""

    abstract = HELLO
    weight = 2

    def on_start(self) -> None:
        login = self.expect("GET", "/auth/login", 200, "/auth/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login.text) if login else None
        form = {"email": DEMO_BRAND, "password": PASSWORD, "csrf_token": token and token[1]}
        self.expect("POST", "/auth/login", 302, "/auth/login", data=form, allow_redirects=False)

    @task(3)
    def matches_page(self) -> None:
        brief_id = random.choice(FIXTURES.brief_ids)
        params = {"page": random.choice((1, 1, 1, 2, 3))}
        self.expect(
            "GET",
            f"/brand/briefs/{brief_id}/matches",
            200,
            "/brand/briefs/[id]/matches",
            params=params,
        )

    @task(2)
    def matches_api(self) -> None:
        brief_id = random.choice(FIXTURES.brief_ids)
        self.expect(
            "GET",
            f"/api/v1/briefs/{brief_id}/matches",
            200,
            "/api/v1/briefs/[id]/matches",
            params={"k": random.choice((10, 20, 50))},
            headers=_bearer(FIXTURES.brand_token),
        )


class ContractParty(MarketplaceUser):
    """A whole contract through the API: offer, accept, fund (sandbox), submit, approve."""

    abstract = HELLO
    weight = 1

    def act(self, contract_id: int, action: str, token: str, expect: str, body: Any = None) -> bool:
        r = self.expect(
            "POST",
            f"/api/v1/contracts/{contract_id}/{action}",
            200,
            f"/api/v1/contracts/[id]/{action}",
            json=body,
            headers=_bearer(token),
        )
        if r is not None and r.json().get("status") != expect:
            r.failure(f"status {r.json().get('status')!r} after {action}, expected {expect!r}")
            return False
        return r is not None

    @task
    def whole_contract(self) -> None:
        brand = random.choice(FIXTURES.offer_brands)
        kol_id, kol = random.choice(FIXTURES.kols)
        offer = {
            "kol_id": kol_id,
            "price": random.randrange(100_000, 2_000_000, 100),
            "currency": "cny",
            "deliverables": "One image-text post about the new sunscreen, tagged #ad",
            "due_date": (date.today() + timedelta(days=14)).isoformat(),
        }
        r = self.expect(
            "POST",
            "/api/v1/contracts",
            201,
            "/api/v1/contracts",
            json=offer,
            headers=_bearer(brand),
        )
        if r is None:
            return
        cid = r.json()["id"]
        steps = (
            ("accept", kol, "accepted", None),
            ("fund", brand, "funded", {"payment_method": "pm_card_visa"}),
            ("submit", kol, "submitted", {"post_url": POST_URL, "notes": "Posted"}),
            ("approve", brand, "completed", None),
        )
        for action, token, expect, body in steps:
            if not self.act(cid, action, token, expect, body):
                return


class Shopper(MarketplaceUser):
    """A shopper follows a KOL's tracked link: a 302 to the product, never the page itself."""

    abstract = HELLO
    weight = 2

    @task
    def follow_link(self) -> None:
        code = random.choice(FIXTURES.link_codes)
        self.expect("GET", f"/r/{code}", 302, "/r/[code]", allow_redirects=False)


class HelloUser(FastHttpUser):
    """The ceiling: the same server settings answering a one-line route."""

    abstract = not HELLO
    wait_time = THINK

    @task
    def hello(self) -> None:
        with self.client.get("/", name="/ (hello)", catch_response=True) as r:
            if r.status_code != 200 or r.text != "hello":
                r.failure(f"{r.status_code}: {(r.text or '')[:80]}")
