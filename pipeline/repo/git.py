"""pipeline.repo.git: which files a change touched, as git sees them (``check --changed``).

The only module that runs git. A pull request's gate asks about what the pull
request changed: files that differ between the merge base of ``ref`` and the
working tree (committed, staged or not), plus untracked files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.errors import UsageError

AUTO_REFS = ("origin/HEAD", "origin/main", "origin/master", "HEAD")
"""What ``--changed`` without a value compares with: the first that exists."""


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        raise UsageError("--changed needs git, which is not installed") from None
    return done.stdout if done.returncode == 0 else None


def changed_files(root: Path, ref: str = "") -> list[Path]:
    """Files under ``root`` changed since ``ref`` (merge base), untracked ones included."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        raise UsageError(f"--changed: {root} is not in a git repository")
    refs = [ref] if ref else [r for r in AUTO_REFS if _git(root, "rev-parse", "--verify", "-q", r)]
    if not refs:
        return _untracked(root, Path(top.strip()), everything=True)
    base = _git(root, "merge-base", refs[0], "HEAD")
    if base is None and _git(root, "rev-parse", "--verify", "-q", refs[0]) is None:
        raise UsageError(f"--changed: unknown git revision {refs[0]!r}")
    base = (base or refs[0]).strip()
    diff = _git(root, "diff", "--name-only", "--no-renames", base) or ""
    top_path = Path(top.strip())
    files = [top_path / line for line in diff.splitlines() if line]
    return sorted(set(files + _untracked(root, top_path)))


def _untracked(root: Path, top: Path, everything: bool = False) -> list[Path]:
    args = ["ls-files", "--others", "--exclude-standard", "--full-name"]
    if everything:
        args = ["ls-files", "--cached", "--others", "--exclude-standard", "--full-name"]
    found = _git(root, *args) or ""
    return [top / line for line in found.splitlines() if line]
