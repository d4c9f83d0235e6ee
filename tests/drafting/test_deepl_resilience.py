"""DeepL when things go wrong: a rejected glossary, a quota stop, a hanging server, Retry-After,
other sites' glossaries, bad settings. The real ``deepl`` client against the fake server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import deepl
import polib
import pytest
from conftest import write
from fake_deepl import FakeDeepL, collect

from pipeline.drafting.engines.deepl import (
    DeadlineExceeded,
    DeepLEngine,
    NetworkError,
    RateLimited,
    scrub,
)
from pipeline.glossary import parse
from pipeline.model import PARAGRAPH, DraftRequest
from pipeline.repo.mtcache import DraftCache

KEY = "s3cret-key:fx"
GLOSSARY = parse("term,translation\ndysmenorrhea,痛经\npain,疼痛\n", "locale/zh/glossary.csv")


@pytest.fixture(autouse=True)
def _restore_client_globals() -> Iterator[None]:
    saved = deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout
    yield
    deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout = saved


def engine(fake: FakeDeepL, tmp_path: Path, **kw) -> DeepLEngine:
    kw.setdefault("tries", 1)
    kw.setdefault("cache", DraftCache(tmp_path / "mtcache"))
    return DeepLEngine(KEY, server_url=fake.url, **kw)


def units(n: int) -> list[DraftRequest]:
    return [DraftRequest(f"Unit {i}: back pain is common.", PARAGRAPH, "ctx") for i in range(n)]


# -- glossary ----------------------------------------------------------------------


def test_a_rejected_glossary_is_a_warning_and_the_run_drafts_without_it(fake_deepl, tmp_path):
    fake_deepl.script.reject_glossary = True
    eng = engine(fake_deepl, tmp_path, glossary=GLOSSARY)
    got, err = collect(eng.draft(units(3)))
    assert err is None and len(got) == 3
    assert all("glossary_id" not in b for b in fake_deepl.translate_bodies())
    assert len(eng.warnings) == 1 and "DeepL rejected the glossary" in eng.warnings[0]
    assert "locale/zh/glossary.csv" in eng.warnings[0]
    note = next(iter(got.values())).note
    assert note.startswith("DeepL ZH-HANS, no glossary (DeepL rejected the glossary")
    # Those drafts were made without the glossary: once DeepL takes it, they are redone.
    fake_deepl.script.reject_glossary = False
    again = engine(fake_deepl, tmp_path, glossary=GLOSSARY)
    assert len(again.plan(units(3)).msgids) == 3


def _glossary(gid: str, name: str, when: str) -> dict:
    return {
        "glossary_id": gid,
        "name": name,
        "ready": True,
        "source_lang": "en",
        "target_lang": "zh",
        "creation_time": f"2025-01-{when}T00:00:00.1Z",
        "entry_count": 1,
    }


def test_glossaries_are_named_per_site_and_only_our_old_versions_are_deleted(fake_deepl, tmp_path):
    others = {
        "legacy": _glossary("legacy", "pipeline EN-ZH 0000000000000000", "01"),
        "site-b": _glossary("site-b", "siteB EN-ZH 0123abcd", "01"),
        "hand": _glossary("hand", "siteA medical terms", "01"),
    }
    ours = {
        f"a{d}": _glossary(f"a{d}", f"siteA EN-ZH-HANS 0000000{d}", f"0{d}") for d in range(1, 8)
    }
    fake_deepl.glossaries.update(others | ours)
    eng = engine(fake_deepl, tmp_path, glossary=GLOSSARY, glossary_prefix="siteA")
    got, err = collect(eng.draft(units(2)))
    assert err is None
    creates = [r.body for r in fake_deepl.records if r.method == "POST" and "gloss" in r.path]
    assert [c["name"] for c in creates] == [f"siteA EN-ZH-HANS {GLOSSARY.digest[:8]}"]
    # Other sites' and people's glossaries stay; of ours, the newest five old versions stay.
    assert set(others) <= set(fake_deepl.glossaries)
    assert {"a1", "a2"}.isdisjoint(fake_deepl.glossaries)
    assert {"a3", "a4", "a5", "a6", "a7"} <= set(fake_deepl.glossaries)
    deleted = [r.path for r in fake_deepl.records if r.method == "DELETE"]
    assert sorted(deleted) == ["/v2/glossaries/a1", "/v2/glossaries/a2"]
    # The translator sees which glossary, and which version of it, not a hash alone.
    note = next(iter(got.values())).note
    version = GLOSSARY.digest[:8]
    assert note == f"DeepL ZH-HANS, glossary locale/zh/glossary.csv (2 terms, version {version})"
    # A second run (another branch, same version) reuses it.
    collect(
        engine(fake_deepl, tmp_path / "b", glossary=GLOSSARY, glossary_prefix="siteA").draft(
            units(4)
        )
    )
    creates = [r for r in fake_deepl.records if r.method == "POST" and "gloss" in r.path]
    assert len(creates) == 1


# -- waiting, retrying, stopping -----------------------------------------------------


def test_a_hanging_server_ends_within_the_deadline(tmp_path):
    with FakeDeepL(lifetime=60) as fake:
        fake.script.latency = 30.0
        eng = engine(fake, tmp_path, tries=10, connect_timeout=0.5, read_timeout=0.3, deadline=1.0)
        start = time.monotonic()
        got, err = collect(eng.draft(units(2)))
        elapsed = time.monotonic() - start
    assert not got and isinstance(err, DeadlineExceeded)
    assert "deadline of 1 s reached" in str(err) and "0 of 2 texts drafted" in str(err)
    assert elapsed < 10  # the server would have answered after 30 s


def test_timeouts_and_tries_bound_a_hanging_server_and_retries_are_reported(tmp_path):
    events: list[str] = []
    with FakeDeepL(lifetime=60) as fake:
        fake.script.latency = 30.0
        eng = engine(fake, tmp_path, tries=2, read_timeout=0.2, on_event=events.append)
        start = time.monotonic()
        _, err = collect(eng.draft(units(1)))
        elapsed = time.monotonic() - start
        attempts = len([r for r in fake.records if r.path == "/v2/translate"])
    assert isinstance(err, NetworkError) and "timed out" in str(err).lower()
    assert attempts == 2 and elapsed < 10
    assert events == [events[0]] and events[0].startswith("DeepL retry 1/1 after a timeout")


def test_retry_after_is_honoured(fake_deepl, tmp_path):
    fake_deepl.script.fail_429 = 1
    fake_deepl.script.retry_after = "1"
    events: list[str] = []
    eng = engine(fake_deepl, tmp_path, tries=2, on_event=events.append)
    start = time.monotonic()
    got, err = collect(eng.draft(units(2)))
    assert err is None and len(got) == 2
    assert time.monotonic() - start >= 1.0  # waited what the server asked
    assert events == ["DeepL retry 1/1 after HTTP 429 (Retry-After 1.0s)"]


def test_a_retry_after_beyond_what_the_run_waits_stops_it(fake_deepl, tmp_path):
    fake_deepl.script.fail_429 = 1
    fake_deepl.script.retry_after = "3600"
    _, err = collect(engine(fake_deepl, tmp_path, tries=3).draft(units(1)))
    assert isinstance(err, RateLimited) and "retry after 3600 s" in str(err)
    assert len([r for r in fake_deepl.records if r.path == "/v2/translate"]) == 1


# -- secrets -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ['s3cret"key\\with-quote', "s3cret key-with-space", "sécret-ключ"])
def test_the_key_is_scrubbed_in_every_form(key):
    import json
    import urllib.parse

    from pipeline.drafting.deeplerrors import forms as _forms

    message = " | ".join(
        [key, repr(key), json.dumps(key), urllib.parse.quote(key, safe=""), *key.split()]
    )
    out = scrub(message, _forms(key))
    for part in (key, repr(key)[1:-1], json.dumps(key)[1:-1], urllib.parse.quote(key, safe="")):
        assert part not in out
    assert "s3cret" not in out and "ключ" not in out


def test_a_server_echoing_the_key_does_not_leak_it(fake_deepl, tmp_path):
    fake_deepl.script.forbid = True  # answers "Wrong key DeepL-Auth-Key <key>"
    eng = DeepLEngine('k3y"\\odd:fx', server_url=fake_deepl.url, tries=1, cache=None)
    _, err = collect(eng.draft(units(1)))
    assert err is not None and "k3y" not in str(err) and "k3y" not in repr(eng)


# -- through the command line ----------------------------------------------------------

ARTICLE = "---\ntitle: Back pain\n---\n\n" + "".join(
    f"Paragraph {i} about back pain and dysmenorrhea.\n\n" for i in range(12)
)


@pytest.fixture
def site(repo, run, monkeypatch, fake_deepl):
    write(repo / "content/en/pain.md", ARTICLE)
    write(repo / "locale/zh/glossary.csv", "term,translation\ndysmenorrhea,痛经\n")
    write(repo / "pipeline.toml", "deepl_batch = 2\ndeepl_concurrency = 1\n")
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DEEPL_SERVER_URL", fake_deepl.url)
    assert run(repo, "extract").exit_code == 0
    return repo


def test_after_a_quota_stop_the_summary_says_what_was_saved_and_billed(site, run, fake_deepl):
    fake_deepl.script.quota_after = 2
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 1
    billed = fake_deepl.characters
    assert billed > 0
    assert f"4 deepl (4 entries saved); characters billed {billed}" in result.stdout
    assert f"4 of 13 texts drafted and saved, {billed} characters billed" in result.stderr
    assert "HTTP 456" in result.stderr and KEY not in result.output
    po = polib.pofile(str(site / "locale/zh/pain.po"))
    assert len([e for e in po if e.msgstr]) == 4


def test_a_rejected_glossary_warns_and_drafts_everything(site, run, fake_deepl):
    fake_deepl.script.reject_glossary = True
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 0, result.output
    assert "warning: DeepL rejected the glossary" in result.stderr
    po = polib.pofile(str(site / "locale/zh/pain.po"))
    assert all(e.msgstr for e in po) and "no glossary (DeepL rejected" in po[1].tcomment


def test_retries_show_on_the_progress_line(site, run, fake_deepl):
    write(site / "pipeline.toml", "deepl_batch = 20\ndeepl_tries = 2\n")
    fake_deepl.script.fail_429 = 1
    fake_deepl.script.retry_after = "1"
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 0, result.output
    assert "DeepL retry 1/1 after HTTP 429 (Retry-After 1.0s)" in result.stderr


def test_the_glossary_prefix_defaults_to_the_repository_folder(site, run, fake_deepl):
    run(site, "translate", "--engine", "deepl")
    (info,) = fake_deepl.glossaries.values()
    assert info["name"].startswith(f"{site.name} EN-ZH-HANS ")


@pytest.mark.parametrize("url", ["http://[bad", "ftp://example.com", "not a url"])
def test_a_bad_server_url_is_one_line_naming_the_setting(site, run, monkeypatch, url):
    monkeypatch.setenv("DEEPL_SERVER_URL", url)
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "DEEPL_SERVER_URL" in result.stderr
    assert "Traceback" not in result.output and KEY not in result.output


def test_a_key_with_a_line_break_is_refused_without_showing_it(site, run, monkeypatch):
    monkeypatch.setenv("DEEPL_AUTH_KEY", "first-half-secret\nsecond-half-secret")
    result = run(site, "translate", "--engine", "deepl")
    assert result.exit_code == 2 and "DEEPL_AUTH_KEY" in result.stderr
    assert "half-secret" not in result.output
