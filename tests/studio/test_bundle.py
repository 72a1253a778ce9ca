"""The studio's page as shipped (segdsl/studio/static/) is what its build makes from the
repository's source and locked npm packages (studio/web/): rebuilt here in a temporary folder
and compared byte for byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.backends import require_service

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "studio" / "web"
STATIC = ROOT / "segdsl" / "studio" / "static"
SOURCES = ("package.json", "package-lock.json", "build.mjs", "build.sh", "src")


def test_the_shipped_page_is_what_the_build_makes(tmp_path: Path) -> None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        require_service("node and npm are not installed (Debian: apt-get install nodejs npm)")
    web = tmp_path / "web"
    web.mkdir()
    for name in SOURCES:
        source = WEB / name
        if source.is_dir():
            shutil.copytree(source, web / name)
        else:
            shutil.copy2(source, web / name)
    out = tmp_path / "static"
    built = subprocess.run(
        ["bash", str(web / "build.sh"), str(out)], capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stdout + built.stderr
    shipped = sorted(p.relative_to(STATIC) for p in STATIC.rglob("*") if p.is_file())
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == shipped
    for name in shipped:
        assert (out / name).read_bytes() == (STATIC / name).read_bytes(), (
            f"segdsl/studio/static/{name} is not what studio/web builds: run studio/web/build.sh"
        )
