"""The tool as another site installs it: a wheel, in a fresh virtual environment.

The dependencies are taken from this checkout's environment (no network), the
package itself only from the wheel: run from another folder, ``pipeline`` must
import every subpackage from the installed wheel and do a whole ``sync``.
"""

from __future__ import annotations

import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, write

pytestmark = pytest.mark.slow

ARTICLE = "---\ntitle: Heat helps\n---\n\nA warm compress eases cramps.\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            str(ROOT),
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("pipeline-*.whl")
    return found


def test_the_wheel_holds_every_subpackage(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {
        p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("__init__.py")
    }
    assert packages <= {n.rsplit("/", 1)[0] for n in names}
    assert "pipeline/cli/commands.py" in names


def test_installed_from_the_wheel_the_tool_runs_a_sync(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # The dependencies from this checkout's environment, without its editable pipeline.
    (Path(purelib) / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    site_dir = tmp_path / "site"
    write(site_dir / "content/en/heat.md", ARTICLE)
    where = subprocess.run(
        [py, "-c", "import pipeline.cli, pipeline.qa; print(pipeline.__file__)"],
        cwd=site_dir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(purelib)
    tool = env_dir / "bin" / "pipeline"
    assert subprocess.run([tool, "--help"], cwd=site_dir, capture_output=True).returncode == 0
    done = subprocess.run([tool, "sync"], cwd=site_dir, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (site_dir / "locale/zh/heat.po").is_file()
    again = subprocess.run(
        [tool, "check", "--min-coverage", "0"], cwd=site_dir, capture_output=True, text=True
    )
    assert "check ok" in again.stdout
