"""The server's safety: who may read and write, what it refuses, what every answer carries."""

from __future__ import annotations

import re

import httpx
import pytest

from review.reviewkit import PO, SLUG, TARGET


@pytest.fixture
def running(seed, serve):
    with serve(seed) as run:
        yield run


def _client(run) -> tuple[httpx.Client, str, str]:
    """A client that opened the printed address, with the page's token and catalog hash."""
    client = httpx.Client(follow_redirects=True, timeout=30)
    assert client.get(run.url).status_code == 200
    page = client.get(f"{run.base}/a/zh/{SLUG}").text
    token = re.search(r'name="review-token" content="([^"]+)"', page).group(1)
    base = re.search(r'data-hash="([^"]+)"', page).group(1)
    return client, token, base


def _msgid(seed) -> str:
    text = (seed / PO).read_text("utf-8")
    return re.search(rf'msgid "({re.escape(TARGET)}[^"]*)"', text).group(1)


def test_pages_need_the_token_from_the_printed_address(running) -> None:
    assert httpx.get(running.base + "/").status_code == 403
    assert httpx.get(f"{running.base}/a/zh/{SLUG}").status_code == 403
    assert httpx.get(running.base + "/?token=wrong").status_code == 403
    opened = httpx.get(running.url)
    assert opened.status_code == 303 and "httponly" in opened.headers["set-cookie"].lower()


def test_another_host_name_is_refused(running) -> None:
    port = running.base.rsplit(":", 1)[1]
    answer = httpx.get(running.url, headers={"Host": f"attacker.example:{port}"})
    assert answer.status_code == 403 and "Host" in answer.text


def test_writes_need_the_header_token_and_the_same_origin(seed, running) -> None:
    client, token, base = _client(running)
    before = (seed / PO).read_bytes()
    body = {
        "slug": SLUG,
        "locale": "zh",
        "unit": _msgid(seed),
        "text": "x",
        "action": "save",
        "base": base,
    }
    assert client.post(running.base + "/api/save", json=body).status_code == 403
    evil = {"X-Review-Token": token, "Origin": "http://attacker.example"}
    assert client.post(running.base + "/api/save", json=body, headers=evil).status_code == 403
    form = client.post(running.base + "/api/save", data=body, headers={"X-Review-Token": token})
    assert form.status_code == 415
    assert (seed / PO).read_bytes() == before


@pytest.mark.parametrize("slug", ["../../etc/passwd", "..%2F..%2Fpyproject", "nope", f"{SLUG}/x"])
def test_only_the_repositorys_articles_can_be_named(running, slug) -> None:
    client, token, base = _client(running)
    assert client.get(f"{running.base}/a/zh/{slug}").status_code == 404
    body = {"slug": slug, "locale": "zh", "unit": "x", "text": "", "action": "reject", "base": base}
    answer = client.post(running.base + "/api/save", json=body, headers={"X-Review-Token": token})
    assert answer.status_code == 404


def test_every_answer_carries_a_strict_content_security_policy(running) -> None:
    client, _, _ = _client(running)
    for path in ("/", f"/a/zh/{SLUG}", "/static/review.js"):
        csp = client.get(running.base + path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert client.get(running.base + "/static/../data.py").status_code == 404


def test_approving_a_text_with_a_qa_error_needs_a_second_word(seed, running) -> None:
    client, token, base = _client(running)
    before = (seed / PO).read_bytes()
    body = {"slug": SLUG, "locale": "zh", "unit": _msgid(seed), "base": base, "action": "approve"}
    body["text"] = "**圆韧带**：从子宫角延伸至腹股沟区 <script>alert(1)</script>"
    headers = {"X-Review-Token": token}
    refused = client.post(running.base + "/api/save", json=body, headers=headers)
    assert refused.status_code == 422 and refused.json()["needs_force"]
    assert "markup-injection" in refused.json()["problems"]
    assert (seed / PO).read_bytes() == before
