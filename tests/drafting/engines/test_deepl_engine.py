"""DeepLEngine against the fake server, through the real ``deepl`` client. No real network."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
from fake_deepl import FakeDeepL, collect

from pipeline.config import Config
from pipeline.drafting.engines import EngineContext
from pipeline.drafting.engines.deepl import (
    AuthFailed,
    BudgetExceeded,
    DeepLEngine,
    DeepLError,
    NetworkError,
    QuotaExceeded,
    engine_from_env,
)
from pipeline.glossary import Glossary, parse
from pipeline.model import PARAGRAPH, DraftRequest, Kind
from pipeline.repo.mtcache import DraftCache

KEY = "s3cret-key:fx"
GLOSSARY = parse("term,translation\ndysmenorrhea,痛经\nPeriodHub,PeriodHub\n")


@pytest.fixture(autouse=True)
def _restore_client_globals() -> Iterator[None]:
    """The engine sets deepl's module globals; leave them as found."""
    saved = deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout
    yield
    deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout = saved


def engine(fake: FakeDeepL, tmp_path: Path, **kw: object) -> DeepLEngine:
    kw.setdefault("tries", 1)
    kw.setdefault("cache", DraftCache(tmp_path / "mtcache"))
    return DeepLEngine(KEY, server_url=fake.url, **kw)  # type: ignore[arg-type]


def units(n: int, context: str = "Article: Back pain") -> list[DraftRequest]:
    return [
        DraftRequest(
            f"Unit {i}: back pain is **common**, see [here](https://ex.com/{i}) and `code{i}`.",
            PARAGRAPH,
            context,
        )
        for i in range(n)
    ]


def test_request_shape(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    eng = engine(fake_deepl, tmp_path, glossary=GLOSSARY, batch_size=50)
    got, err = collect(eng.draft(units(120)))
    assert err is None and len(got) == 120
    bodies = fake_deepl.translate_bodies()
    assert sorted(len(b["text"]) for b in bodies) == [20, 50, 50]
    glossary_id = next(iter(fake_deepl.glossaries))
    for body in bodies:
        assert body["tag_handling"] == "xml"
        assert body["target_lang"] == "ZH-HANS" and body["source_lang"] == "EN"
        assert body["ignore_tags"] == ["x"] and body["preserve_formatting"] is True
        assert body["glossary_id"] == glossary_id
        assert body["context"] == "Article: Back pain"
        assert "formality" not in body
    for text in fake_deepl.sent_texts():
        assert "ex.com" not in text and "http" not in text and "code" not in text
    assert eng.requests_sent == 3 and eng.texts_sent == 120
    assert eng.characters_billed == sum(len(t) for t in fake_deepl.sent_texts())
    auth = {r.headers.get("Authorization") for r in fake_deepl.records}
    assert auth == {f"DeepL-Auth-Key {KEY}"}


def test_glossary_created_once_reused_and_others_kept(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    fake_deepl.glossaries["old"] = {
        "glossary_id": "old",
        "name": "pipeline EN-ZH 0000",
        "ready": True,
        "source_lang": "en",
        "target_lang": "zh",
        "creation_time": "2025-01-01T00:00:00.1Z",
        "entry_count": 1,
    }
    fake_deepl.glossaries["mine"] = {
        **fake_deepl.glossaries["old"],
        "glossary_id": "mine",
        "name": "someone else's",
    }
    collect(engine(fake_deepl, tmp_path, glossary=GLOSSARY).draft(units(3)))
    collect(engine(fake_deepl, tmp_path / "b", glossary=GLOSSARY).draft(units(3)))
    creates = [r for r in fake_deepl.records if r.method == "POST" and "gloss" in r.path]
    assert len(creates) == 1
    assert creates[0].body["target_lang"] == "ZH"
    assert creates[0].body["name"] == f"pipeline EN-ZH-HANS {GLOSSARY.digest[:8]}"
    gid = fake_deepl.translate_bodies()[0]["glossary_id"]
    # Neither is this site's (an older naming, someone else's): both stay.
    assert set(fake_deepl.glossaries) == {"old", "mine", gid}
    assert all(b["glossary_id"] == gid for b in fake_deepl.translate_bodies())


def test_no_glossary_sends_none(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    got, _ = collect(engine(fake_deepl, tmp_path, glossary=parse("")).draft(units(2)))
    assert "glossary_id" not in fake_deepl.translate_bodies()[0]
    assert next(iter(got.values())).note == "DeepL ZH-HANS, no glossary"


def test_byte_limit_splits_batches(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    long = [DraftRequest(f"{i} " + "pain 痛经 " * 400, PARAGRAPH) for i in range(40)]
    collect(engine(fake_deepl, tmp_path, batch_size=50).draft(long))
    bodies = fake_deepl.translate_bodies()
    assert len(bodies) > 1 and sum(len(b["text"]) for b in bodies) == 40
    assert all(len(json.dumps(b)) <= 120 * 1024 for b in bodies)


def test_contexts_batched_separately_and_duplicates_sent_once(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    b = [DraftRequest(f"Other {i}", Kind.parse("heading 2"), "B") for i in range(3)]
    reqs = units(3, "A") + b + units(2, "B") + b
    got, _ = collect(engine(fake_deepl, tmp_path).draft(reqs))
    bodies = fake_deepl.translate_bodies()
    assert sorted((b["context"], len(b["text"])) for b in bodies) == [("A", 3), ("B", 3)]
    sent = fake_deepl.sent_texts()
    assert len(sent) == len(set(sent)) == 6 and len(got) == 6


def test_markup_survives_round_trip(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    src = 'Back pain is __common__: see [the *guide*](https://ex.com/g "G") and `x = 1`.'
    got, _ = collect(engine(fake_deepl, tmp_path).draft([DraftRequest(src, PARAGRAPH)]))
    draft = got[src]
    assert draft.text == '译:背痛 is __常见__: 见 [the *guide*](https://ex.com/g "G") and `x = 1`.'
    assert draft.origin == "deepl" and draft.reviewed is False
    assert draft.note == "DeepL ZH-HANS, no glossary"


def test_broken_tags_still_give_a_draft_with_a_note(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.mangle = lambda t: t.replace("</a>", "")
    eng = engine(fake_deepl, tmp_path)
    got, err = collect(eng.draft(units(1)))
    draft = next(iter(got.values()))
    assert err is None and "markup not restored" in draft.note and "not closed" in draft.note
    assert "](https://ex.com/0)" in draft.text and eng.markup_problems == 1


def test_429_then_success(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.fail_429 = 1
    got, err = collect(engine(fake_deepl, tmp_path, tries=2).draft(units(3)))
    assert err is None and len(got) == 3
    assert [r.status for r in fake_deepl.records if r.path == "/v2/translate"] == [429, 200]


def test_quota_mid_run_yields_first_part_then_clear_error(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    fake_deepl.script.quota_after = 2
    eng = engine(fake_deepl, tmp_path, batch_size=10, concurrency=1)
    got, err = collect(eng.draft(units(50)))
    assert len(got) == 20
    assert isinstance(err, QuotaExceeded)
    msg = str(err)
    assert "456" in msg and "20 of 50" in msg and "\n" not in msg and "s3cret" not in msg
    # The drafts obtained are in the cache: a rerun pays only for the rest.
    fake_deepl.script.quota_after = None
    eng2 = engine(fake_deepl, tmp_path, batch_size=10)
    got2, err2 = collect(eng2.draft(units(50)))
    assert err2 is None and len(got2) == 50 and eng2.cache_hits == 20 and eng2.texts_sent == 30


def test_quota_with_concurrency_keeps_completed_batches(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    fake_deepl.script.quota_after = 3
    got, err = collect(engine(fake_deepl, tmp_path, batch_size=5, concurrency=4).draft(units(60)))
    # Requests in flight when the quota hit may still succeed: every answered one is kept.
    assert isinstance(err, QuotaExceeded) and 15 <= len(got) < 60
    assert len(got) == 5 * len(fake_deepl.translate_bodies())


def test_bad_key_message_has_no_key(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.forbid = True
    got, err = collect(engine(fake_deepl, tmp_path).draft(units(3)))
    assert not got and isinstance(err, AuthFailed)
    assert "403" in str(err) and KEY not in str(err) and "s3cret" not in str(err)
    assert KEY not in repr(engine(fake_deepl, tmp_path))


def test_dropped_connection_is_a_clear_error(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.drop = 100
    got, err = collect(engine(fake_deepl, tmp_path).draft(units(3)))
    assert not got and isinstance(err, NetworkError)
    assert str(err).startswith(f"cannot reach {fake_deepl.url}") and "0 of 3" in str(err)


def test_server_down(tmp_path: Path) -> None:
    with FakeDeepL() as fake:
        url = fake.url
    eng = DeepLEngine(KEY, server_url=url, cache=DraftCache(tmp_path), tries=1)
    _, err = collect(eng.draft(units(1)))
    assert isinstance(err, NetworkError)


def test_persistent_5xx_is_a_deepl_error(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.fail_5xx = 5
    _, err = collect(engine(fake_deepl, tmp_path).draft(units(2)))
    assert type(err) is DeepLError and "DeepL error" in str(err)


def test_cache_second_run_sends_nothing(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    first, _ = collect(engine(fake_deepl, tmp_path, glossary=GLOSSARY).draft(units(30)))
    n = len(fake_deepl.records)
    eng = engine(fake_deepl, tmp_path, glossary=GLOSSARY)
    assert eng.plan(units(30)).msgids == ()
    second, _ = collect(eng.draft(units(30)))
    assert second == first
    assert len(fake_deepl.records) == n and eng.cache_hits == 30 and eng.requests_sent == 0
    files = sorted((tmp_path / "mtcache").rglob("*.json"))
    assert len(files) == 30 and all(f.parent.name == f.name[:2] for f in files)
    # A different glossary version is a different key: it is drafted again.
    other = engine(fake_deepl, tmp_path, glossary=parse("cramps,痛经\n"))
    assert len(other.plan(units(30)).msgids) == 30


def test_cache_content_is_deterministic(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    for name in ("a", "b"):
        collect(engine(fake_deepl, tmp_path, cache=DraftCache(tmp_path / name)).draft(units(5)))
    a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert a == b and not [p for p in a if p.name.startswith(".tmp")]


def test_same_engine_never_sends_twice_without_cache(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    eng = engine(fake_deepl, tmp_path, cache=None)
    collect(eng.draft(units(4)))
    collect(eng.draft(units(4)))
    assert len(fake_deepl.sent_texts()) == 4 and eng.cache_hits == 4


def test_plan_sends_nothing_and_matches_the_run(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    reqs = units(75) + [DraftRequest("`only code` https://ex.com", PARAGRAPH)]
    eng = engine(fake_deepl, tmp_path, glossary=GLOSSARY, batch_size=50)
    plan = eng.plan(reqs)
    assert fake_deepl.records == []
    assert plan.requests == 2 and len(plan.msgids) == 75 and plan.cached == 0
    assert plan.skipped == ("`only code` https://ex.com",)
    collect(eng.draft(reqs))
    assert eng.characters_billed == plan.characters == eng.characters_sent
    assert eng.requests_sent == plan.requests


def test_budget_stops_before_exceeding(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    reqs = units(40)
    probe = engine(fake_deepl, tmp_path, batch_size=10)
    per_batch = probe.plan(reqs).characters // 4
    eng = engine(fake_deepl, tmp_path, batch_size=10, max_chars=per_batch * 2 + 5, concurrency=4)
    assert not eng.plan(reqs).within_budget
    got, err = collect(eng.draft(reqs))
    assert isinstance(err, BudgetExceeded) and len(got) == 20
    assert eng.characters_sent <= eng.max_chars and len(fake_deepl.translate_bodies()) == 2
    assert "20 texts" in str(err) and "--max-chars" in str(err)


def test_concurrency_bound_respected(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.latency = 0.1
    eng = engine(fake_deepl, tmp_path, batch_size=2, concurrency=3)
    got, _ = collect(eng.draft(units(24)))
    assert len(got) == 24 and eng.requests_sent == 12
    assert fake_deepl.max_active == 3


def test_drafts_are_yielded_as_they_arrive(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    fake_deepl.script.latency = 0.05
    gen = engine(fake_deepl, tmp_path, batch_size=5, concurrency=1).draft(units(20))
    next(gen)
    assert len(fake_deepl.translate_bodies()) < 4
    gen.close()


def test_engine_from_env(tmp_path: Path) -> None:
    cfg = Config(root=tmp_path)

    def ctx(environ, glossary=None, max_chars=None):
        cache = DraftCache(tmp_path / "locale/.mtcache")
        return EngineContext(cfg, "zh", glossary or Glossary(), list, cache, max_chars, environ)

    assert engine_from_env(ctx({})) is None
    assert engine_from_env(ctx({"DEEPL_AUTH_KEY": "  "})) is None
    eng = engine_from_env(
        ctx({"DEEPL_AUTH_KEY": "k", "DEEPL_SERVER_URL": "http://h:1"}, GLOSSARY, 1000)
    )
    assert eng is not None and eng.server_url == "http://h:1" and eng.max_chars == 1000
    assert eng.cache.root == tmp_path / "locale/.mtcache" and eng.target_lang == "ZH-HANS"
    assert eng.batch_size == cfg.deepl_batch and eng.concurrency == cfg.deepl_concurrency
