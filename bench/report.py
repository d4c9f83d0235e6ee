"""The tables: medians per operation and tool, ratios against the peers, peak memory.

One Markdown text serves the terminal and ``bench/out/*.md``; the JSON beside it holds
every sample.
"""

from __future__ import annotations

ROWS = (
    ("extract", "cold extract"),
    ("merge", "cold merge (identity-filled)"),
    ("extract+merge", "cold extract + merge"),
    ("sync", "cold sync"),
    ("noop", "no-op sync (second run)"),
    ("edit", "one paragraph edited in one article, sync"),
    ("check_cold", "`check`, cold (no .pipeline-cache)"),
    ("check_warm", "`check`, warm (second run)"),
    ("status", "`status`"),
    ("draft", "memory drafting, half the catalogs reviewed"),
)
RATIO_OPS = ("extract", "merge", "extract+merge", "sync", "noop", "edit")
SHORT = {"translate-toolkit": "tt"}


def _cell(results: dict, label: str, op: str) -> dict | None:
    by_tool = results.get(label, {})
    if op == "extract+merge":
        a, b = by_tool.get("extract"), by_tool.get("merge")
        if not a or not b or a["median_s"] is None or b["median_s"] is None:
            return None
        return {
            key: (a.get(key) or 0) + (b.get(key) or 0) for key in ("median_s", "cpu_median_s")
        } | {"n": min(a["n"], b["n"])}
    return by_tool.get(op)


def median(results: dict, label: str, op: str, key: str = "median_s") -> float | None:
    cell = _cell(results, label, op)
    return None if not cell else cell.get(key)


def _fmt_s(x: float) -> str:
    return f"{x:.3f} s" if x < 1 else f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def _show(cell: dict | None, reps: int, key: str = "median_s") -> str:
    if cell is None:
        return "—"
    if cell.get("failed") and not cell.get("n"):
        return "failed"
    if cell.get(key) is None:
        return "—"
    text = _fmt_s(cell[key])
    if key != "median_s":
        return text
    if cell["n"] < reps:
        text += f" (n={cell['n']})"
    if cell.get("failed"):
        text += " (then failed)"
    if cell.get("files_changed"):
        text += f" ⚠ {cell['files_changed']} files written"
    return text


def _load(block: dict, when: str) -> str:
    return "/".join(f"{x:.1f}" for x in block.get(f"loadavg_{when}", []))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def size_section(size: str, block: dict, labels: list[str], ours: list[str]) -> list[str]:
    res, reps = block["results"], block["reps"]
    out = [f"## {block['articles']} articles", ""]
    budget = block.get("budget_s")
    stop = f"a measurement stops repeating once its runs add up to {budget:.0f} s" if budget else ""
    out.append(
        f"Medians of {reps} run(s) unless (n=…) says fewer ({stop or 'no time budget'}); wall "
        f"time, start-up included; session {block['session_s']:.0f} s; load average "
        f"(1/5/15 min) {_load(block, 'start')} at the start, {_load(block, 'end')} at the end."
    )
    out.append("")
    rows = []
    for op, title in ROWS:
        cells = [_show(_cell(res, lab, op), reps) for lab in labels]
        if any(c != "—" for c in cells):
            rows.append([title, *cells])
    per_article = []
    for lab in ours:
        m = median(res, lab, "check_cold")
        if m is not None:
            per_article.append(f"{lab} {m * 1000 / block['articles']:.1f} ms")
    out += _table(["operation", *labels], rows)
    if per_article:
        out += ["", "`check` cold per article: " + ", ".join(per_article) + "."]
    for label, why in block.get("broken", {}).items():
        out += ["", f"**{label} skipped at this size:** {why}"]
    out += ["", *ratio_section(res, labels, ours)]
    cpu_rows = []
    for op, title in ROWS:
        cells = [_show(_cell(res, lab, op), reps, "cpu_median_s") for lab in labels]
        if any(c != "—" for c in cells):
            cpu_rows.append([title, *cells])
    out += ["", "CPU time (user + system, workers included), medians:", ""]
    out += _table(["operation", *labels], cpu_rows)
    out += ["", *ratio_section(res, labels, ours, "cpu_median_s"), "", *rss_section(res, labels)]
    return out


def ratio_section(
    res: dict, labels: list[str], ours: list[str], key: str = "median_s"
) -> list[str]:
    peers = [lab for lab in labels if lab not in ours]
    header = ["operation"] + [f"{SHORT.get(p, p)} ÷ {o}" for p in peers for o in ours]
    rows = []
    for op, title in ROWS:
        if op not in RATIO_OPS:
            continue
        row = [title]
        for p in peers:
            for o in ours:
                a, b = median(res, p, op, key), median(res, o, op, key)
                row.append(f"{a / b:.1f}×" if a and b else "—")
        if any(c != "—" for c in row[1:]):
            rows.append(row)
    what = "wall time" if key == "median_s" else "CPU time"
    lines = [f"Ratios of {what}: the peer's median ÷ ours (above 1: ours is faster)."]
    if key != "median_s":
        return lines + ["", *_table(header, rows)] if rows and peers else []
    if rows and peers:
        lines += ["", *_table(header, rows)]
    own = []
    for o in ours:
        cold, noop = median(res, o, "sync"), median(res, o, "noop")
        if cold and noop:
            own.append(f"{o}: cold sync ÷ no-op = {cold / noop:.0f}×")
    if own:
        lines += ["", "; ".join(own) + "."]
    return lines


def rss_section(res: dict, labels: list[str]) -> list[str]:
    rows = []
    for op, title in ROWS:
        cells = []
        for lab in labels:
            cell = res.get(lab, {}).get(op)
            rss = cell.get("peak_rss_mb") if cell else None
            cells.append(f"{rss:.0f}" if rss else "—")
        if any(c != "—" for c in cells):
            rows.append([title, *cells])
    head = ["Peak RSS, MB (largest single process of the run, max over its runs)", ""]
    return head + _table(["operation", *labels], rows)


def compare_section(data: dict, pipelines: list[str]) -> list[str]:
    """Two or more builds of ours measured together: later ÷ first, per worker setting."""
    if len(pipelines) < 2:
        return []
    first = pipelines[0]
    out = [f"## Builds compared: each ÷ {first} (below 1: faster than {first})", ""]
    header = ["articles", "operation"]
    pairs = []
    for other in pipelines[1:]:
        for suffix in ("", ", 1 worker"):
            header.append(f"{other}{suffix} ÷ {first}{suffix}")
            pairs.append((f"{other}{suffix}", f"{first}{suffix}"))
    rows = []
    for size, block in data["sizes"].items():
        for op, title in ROWS:
            row = [size, title]
            for a, b in pairs:
                x, y = median(block["results"], a, op), median(block["results"], b, op)
                row.append(f"{x / y:.2f}" if x and y else "—")
            if any(c != "—" for c in row[2:]):
                rows.append(row)
    return out + _table(header, rows)


def render(data: dict) -> str:
    m = data["machine"]
    out = [f"# make bench, {data['date']}", ""]
    out.append(
        f"Machine: {m['cpu']}, nproc {m['nproc']}, {m['memory_gb']} GB RAM, {m['os']}; "
        f"harness Python {m['python']}."
    )
    out += ["", "Tools:", ""]
    for label, t in data["tools"].items():
        out.append(f"- **{label}**: {t['version']}" + (f"; {t['note']}" if t.get("note") else ""))
    for note in data.get("notes", []):
        out.append(f"- {note}")
    out.append("")
    s = data["settings"]
    out.append(
        f"Settings: sizes {', '.join(map(str, s['sizes']))}; up to {s['reps']} run(s) per "
        f"measurement ({s['reps_large']} at {s['large']}+ articles), "
        + (f"budget {s['budget_s']:.0f} s per measurement" if s["budget_s"] else "no budget")
        + f"; operations: {', '.join(s['ops'])}."
    )
    if s.get("sites_on"):
        out += ["", f"Sites (copied fresh for each run) on: {s['sites_on']}."]
    out.append("")
    labels = list(data["tools"])
    ours = [lab for lab, t in data["tools"].items() if not t["peer"]]
    for size, block in data["sizes"].items():
        out += size_section(size, block, labels, ours) + [""]
    out += compare_section(data, data.get("pipelines", []))
    out += ["", "## Commands", ""]
    for label, t in data["tools"].items():
        for op, cmd in t["commands"].items():
            out.append(f"- {label}, {op}: `{cmd}`")
    for name, text in data.get("sections", {}).items():
        out += ["", f"## {name}", "", "```", text.rstrip(), "```"]
    return "\n".join(out) + "\n"
