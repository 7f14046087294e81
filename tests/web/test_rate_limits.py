"""Rate limits on sign-up, token creation and the API as a whole: 429 `rate_limited` with
Retry-After, per client address, in memory or on Redis (shared by every app process)."""

from __future__ import annotations

import os
import uuid

import pytest
import redis

from tests import factories
from tests.conftest import ON_CI

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


def signup_data(n: int) -> dict[str, str]:
    password = "long-enough-1"
    return {
        "role": "brand",
        "name": f"Shop {n}",
        "email": f"shop{n}-{uuid.uuid4().hex[:8]}@example.com",
        "password": password,
        "confirm": password,
    }


def assert_api_rate_limited(response) -> None:
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert response.get_json()["error"]["message"]
    assert 1 <= int(response.headers["Retry-After"]) <= 3600


def test_the_api_as_a_whole_is_limited_per_address(app_with):
    client = app_with(RATELIMIT_API="3 per minute").test_client()
    for path in ("/api/v1/me", "/api/v1/listings", "/api/v1/openapi.json"):
        assert client.get(path).status_code != 429
    assert_api_rate_limited(client.get("/api/v1/briefs"))
    assert 1 <= int(client.get("/api/v1/me").headers["Retry-After"]) <= 60

    elsewhere = client.get("/api/v1/me", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert elsewhere.status_code == 401  # another address has its own allowance


def test_site_pages_are_not_counted_against_the_api(app_with):
    client = app_with(RATELIMIT_API="1 per minute").test_client()
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_sign_up_is_limited_on_the_site_and_the_api_together(app_with):
    client = app_with(RATELIMIT_SIGNUP="2 per hour").test_client()
    assert client.post("/auth/signup", data=signup_data(1)).status_code == 302
    client.post("/auth/logout")
    api = client.post(
        "/api/v1/auth/register",
        json={"email": "api-shop@example.com", "password": "long-enough-1", "role": "kol"}
        | {"name": "Api"},
    )
    assert api.status_code == 201

    page = client.post("/auth/signup", data=signup_data(3))
    assert page.status_code == 429
    assert int(page.headers["Retry-After"]) > 0
    assert "Slow down a little." in page.get_data(as_text=True)
    assert_api_rate_limited(
        client.post("/api/v1/auth/register", json={"email": "x@example.com", "password": "p"})
    )
    assert client.get("/auth/signup").status_code == 200  # reading the form is not limited


def test_token_creation_is_limited(app_with, brand):
    client = app_with(RATELIMIT_TOKEN="2 per hour").test_client()
    credentials = {"email": brand.email, "password": factories.PASSWORD}
    for _ in range(2):
        assert client.post("/api/v1/auth/token", json=credentials).status_code == 200
    assert_api_rate_limited(client.post("/api/v1/auth/token", json=credentials))


def test_limits_can_be_switched_off(app_with):
    client = app_with(RATELIMIT_ENABLED=False, RATELIMIT_API="1 per minute").test_client()
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [401, 401, 401]


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if ON_CI:
            pytest.fail(f"CI needs Redis at {REDIS_TEST_URL} (.ci/run starts it)")
        pytest.skip(f"Redis is not running at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


@pytest.mark.redis
def test_limits_on_redis_are_shared_by_every_process(app_with, redis_url):
    """Two app instances (two web workers) count against one allowance in Redis."""
    settings = {
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "RATELIMIT_API": "3 per minute",
    }
    worker_a, worker_b = app_with(**settings), app_with(**settings)
    assert worker_a.test_client().get("/api/v1/me").status_code == 401
    assert worker_b.test_client().get("/api/v1/me").status_code == 401
    assert worker_a.test_client().get("/api/v1/me").status_code == 401
    assert_api_rate_limited(worker_b.test_client().get("/api/v1/me"))
    keys = redis.Redis.from_url(redis_url).keys("*" + settings["RATELIMIT_KEY_PREFIX"] + "*")
    assert keys, "the counter lives in Redis"


def test_an_unreachable_limit_store_degrades_to_memory_not_to_errors(app_with):
    client = app_with(
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", RATELIMIT_API="2 per minute"
    ).test_client()
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [401, 401, 429]
