"""Every third-party module the package imports is a declared dependency.

The wheel test installs the wheel beside this checkout's environment, which also holds the
dev extra, so a module imported by the package but declared only for development (polib
once was) passes there and fails for a site that installs the tool with pre-commit or pipx.
This test reads the imports from the source with ``ast`` and maps them to distributions.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    }


def _imports() -> dict[str, str]:
    """Top-level module -> first file:line importing it, for every non-package import."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for mod in mods:
                top = mod.split(".")[0]
                if top != "pipeline" and top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_imported_module_is_a_declared_runtime_or_optional_dependency():
    runtime = _names(PROJECT["dependencies"])
    optional = {
        name
        for extra, reqs in PROJECT["optional-dependencies"].items()
        if extra not in {"dev", "bench"}
        for name in _names(reqs)
    }
    dists = packages_distributions()
    missing = []
    for module, where in _imports().items():
        names = {d.lower().replace("_", "-") for d in dists.get(module, [module])}
        if not names & (runtime | optional):
            missing.append(f"{where}: {module} ({', '.join(sorted(names))})")
    assert not missing, "imported but not a dependency of the installed tool:\n" + "\n".join(
        missing
    )
