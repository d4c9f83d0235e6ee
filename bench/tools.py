"""The tools under test and the exact commands each runs for each operation.

Operations: ``extract`` (English -> templates + catalogs), ``merge`` (catalogs ->
localized articles), ``sync`` (both, the editor's one command; also the no-op and the
one-article edit), and for ours only ``check``, ``status``, ``draft``.

Ours is driven through its command line only (``pipeline --root SITE ...``), so any
build can be measured (``--pipeline``). Peers run single process, in the directory
modes of the earlier measurements (shared/reference/peers-measured.md), with the
options that give their best fidelity; their commands are recorded in the output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sites import SOURCE, catalogs

LOCALE = "zh"


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    except OSError as exc:
        return f"unknown ({exc})"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def _dist_version(python: str, dist: str) -> str:
    code = f"from importlib.metadata import version; print({dist!r}, version({dist!r}))"
    return _version([python, "-c", code])


@dataclass
class Tool:
    label: str
    peer: bool = True
    warmup: bool = False
    """Its state is tied to the copy (paths, inodes), so a copied settled site needs one
    untimed run before the no-op. Peers keep state in file contents and mtimes only,
    which the copy keeps, so for them the copy already is the second run."""
    version: str = ""

    def setup(self, site: Path) -> None:
        """Write the tool's configuration into a fresh site."""

    def commands(self, op: str, site: Path) -> list[list[str]] | None:
        """The command lines for ``op`` in ``site`` (None: the tool has no such operation)."""
        raise NotImplementedError

    def describe(self, op: str) -> str | None:
        """The commands for ``op`` as a reader would type them, for the report."""
        raise NotImplementedError

    def allowed(self, op: str) -> frozenset[int]:
        return frozenset({0})

    def catalogs(self, site: Path) -> list[Path]:
        return catalogs(site)


class Ours(Tool):
    """``pipeline`` at ``exe``; ``jobs`` None keeps the default workers, 1 is one worker."""

    def __init__(self, label: str, exe: Path, jobs: int | None):
        super().__init__(label, peer=False, warmup=True)
        self.exe, self.jobs = exe, jobs
        self.version = _version([str(exe), "--version"])

    def setup(self, site: Path) -> None:
        lines = ["# written by bench/: every article is written whatever its coverage,"]
        lines += ["# as the peers are told to (po4a -k 0)", "min_coverage = 0"]
        if self.jobs is not None:
            lines.append(f"jobs = {self.jobs}")
        (site / "pipeline.toml").write_text("\n".join(lines) + "\n", "utf-8")

    _ARGS = {
        "extract": ["extract"],
        "merge": ["merge"],
        "sync": ["sync", "--engine", "memory"],
        "check": ["check"],
        "status": ["status"],
        "draft": ["translate", "--engine", "memory"],
    }

    def commands(self, op: str, site: Path) -> list[list[str]] | None:
        args = self._ARGS.get(op)
        return None if args is None else [[str(self.exe), "--root", str(site), *args]]

    def describe(self, op: str) -> str | None:
        args = self._ARGS.get(op)
        return None if args is None else " ".join(["pipeline", "--root", "SITE", *args])

    def allowed(self, op: str) -> frozenset[int]:
        return frozenset({0, 1}) if op == "check" else frozenset({0})


class Po4a(Tool):
    """po4a (Debian package): one po4a.cfg over every article, one catalog per language.

    Split mode (``$master``, one catalog per article) was measured too: its compendium
    step is superlinear (275 s to extract 430 articles, against 12 s centralized), so the
    peer gets its faster, default layout.
    """

    OPTS = ["-M", "UTF-8", "-L", "UTF-8", "-k", "0", "-q"]
    _ARGS = {"extract": ["--no-translations"], "merge": ["--no-update"], "sync": []}

    def __init__(self):
        super().__init__("po4a")
        self.version = _version(["po4a", "--version"])

    def setup(self, site: Path) -> None:
        lines = [
            f"[po4a_langs] {LOCALE}",
            "[po4a_paths] po/site.pot $lang:po/$lang.po",
            '[options] opt:"-o markdown"',
        ]
        for f in sorted((site / SOURCE).glob("*.md")):
            rel = f.relative_to(site).as_posix()
            lines.append(f"[type: text] {rel} $lang:content/$lang/{f.name}")
        (site / "po4a.cfg").write_text("\n".join(lines) + "\n", "utf-8")

    def commands(self, op: str, site: Path) -> list[list[str]] | None:
        args = self._ARGS.get(op)
        return None if args is None else [["po4a", *args, *self.OPTS, "po4a.cfg"]]

    def describe(self, op: str) -> str | None:
        args = self._ARGS.get(op)
        if args is None:
            return None
        return " ".join(["po4a", *args, *self.OPTS, "po4a.cfg"]) + (
            "  # po4a.cfg: [po4a_langs] zh; [po4a_paths] po/site.pot $lang:po/$lang.po;"
            ' [options] opt:"-o markdown"; one [type: text] content/en/X.md'
            " $lang:content/$lang/X.md line per article"
        )


class TranslateToolkit(Tool):
    """translate-toolkit in directory mode: md2po -> templates, pot2po -> catalogs, po2md.

    ``--timestamp`` skips files whose output is newer than their input, which is how its
    directory mode avoids redoing unchanged articles; ``-m 0`` keeps lines unwrapped.
    Run as modules: mdpo installs console scripts with the same names (md2po, po2md).
    """

    def __init__(self, python: str):
        super().__init__("translate-toolkit")
        self.python = python
        self.version = _dist_version(python, "translate-toolkit")

    def setup(self, site: Path) -> None:
        (site / "po" / LOCALE).mkdir(parents=True, exist_ok=True)

    def _argv(self, op: str, py: str) -> list[list[str]] | None:
        common = ["--progress=none", "--timestamp"]
        md2po = [py, "-m", "translate.convert.md2po", *common, "-P", "-i", "content/en"]
        pot2po = [py, "-m", "translate.convert.pot2po", *common, "-t", f"po/{LOCALE}"]
        po2md = [py, "-m", "translate.convert.po2md", *common, "-m", "0", "-t", "content/en"]
        extract = [
            [*md2po, "-o", "pot"],
            [*pot2po, "-i", "pot", "-o", f"po/{LOCALE}"],
        ]
        merge = [[*po2md, "-i", f"po/{LOCALE}", "-o", f"content/{LOCALE}"]]
        return {"extract": extract, "merge": merge, "sync": extract + merge}.get(op)

    def commands(self, op: str, site: Path) -> list[list[str]] | None:
        return self._argv(op, self.python)

    def describe(self, op: str) -> str | None:
        argv = self._argv(op, "python")
        return None if argv is None else " && ".join(" ".join(a) for a in argv)


class Mdpo(Tool):
    """mdpo: extract and merge one process per article (its md2po/po2md take one file);
    sync with md2po2md over the glob, its one-process directory mode (extract into each
    article's catalog, then write each translation). ``-w 0``: no wrapping.
    """

    def __init__(self, python: str):
        super().__init__("mdpo")
        self.python = python
        self.version = _dist_version(python, "mdpo")

    def setup(self, site: Path) -> None:
        (site / "content" / LOCALE).mkdir(parents=True, exist_ok=True)

    def _per_file(self, op: str, py: str, names: list[str]) -> list[list[str]]:
        out = []
        for name in names:
            src, po = f"content/en/{name}", f"content/{LOCALE}/{name}.po"
            if op == "extract":
                out.append([py, "-m", "mdpo.md2po", src, "-q", "-s", "-p", po])
            else:
                target = f"content/{LOCALE}/{name}"
                out.append([py, "-m", "mdpo.po2md", src, "-q", "-p", po, "-w", "0", "-s", target])
        return out

    def _sync(self, py: str) -> list[list[str]]:
        glob = "content/en/*.md"
        return [[py, "-m", "mdpo.md2po2md", glob, "-q", "-l", LOCALE, "-o", "content/{lang}"]]

    def commands(self, op: str, site: Path) -> list[list[str]] | None:
        if op in ("extract", "merge"):
            names = sorted(p.name for p in (site / SOURCE).glob("*.md"))
            return self._per_file(op, self.python, names)
        if op == "sync":
            return [[*argv, "--md-wrapwidth", "0"] for argv in self._sync(self.python)]
        return None

    def describe(self, op: str) -> str | None:
        if op in ("extract", "merge"):
            (argv,) = self._per_file(op, "python", ["X.md"])
            return "for each article X.md: " + " ".join(argv)
        if op == "sync":
            (argv,) = self._sync("python")
            return (
                " ".join(argv)
                .replace("*.md", "'*.md'")
                .replace("content/{lang}", "'content/{lang}'")
                + " --md-wrapwidth 0"
            )
        return None


def ensure_po4a(install: bool) -> tuple[bool, str]:
    """po4a on PATH, installing the Debian package when allowed; (available, note)."""
    if shutil.which("po4a"):
        return True, "po4a found on PATH"
    if not install:
        return False, "po4a not found and --no-install given: po4a skipped"
    apt = shutil.which("apt-get")
    if not apt:
        return False, "po4a not found and no apt-get on this machine: po4a skipped"
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if prefix and not shutil.which("sudo"):
        return False, "po4a not found; apt-get needs root and there is no sudo: po4a skipped"
    notes = []
    for step in (["install", "-y", "po4a"], ["update"], ["install", "-y", "po4a"]):
        argv = [*prefix, apt, *step]
        print(f"bench: {' '.join(argv)}", file=sys.stderr)
        done = subprocess.run(argv, capture_output=True, text=True)
        if step[0] == "install" and done.returncode == 0 and shutil.which("po4a"):
            return True, f"po4a installed by `{' '.join(argv)}`"
        if done.returncode != 0:
            err = done.stderr.strip()[-200:]
            notes.append(f"`{' '.join(argv)}` exited {done.returncode}: {err}")
    return False, "po4a could not be installed, skipped: " + "; ".join(notes)


def python_has(python: str, module: str) -> bool:
    code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0
