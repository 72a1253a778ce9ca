"""`segdsl studio` from a fresh install: the wheel built from the repository ships the page's
bundle as segdsl/studio/static/ has it, and once installed in a new virtual environment, a
`segdsl demo` in an empty folder followed by `segdsl studio` with no option serves the demo shop
and its page. The new environment gets segdsl only from the wheel; its dependencies are this
interpreter's (a `.pth` file), so that the test needs no package index beyond the build's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.studio.conftest import post
from tests.support.backends import require_service

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "segdsl" / "studio" / "static"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:
        require_service(f"the wheel cannot be built here (pip wheel): {built.stderr[-500:]}")
    [found] = out.glob("segdsl-*.whl")
    return found


def test_the_wheel_ships_the_page(wheel: Path) -> None:
    shipped = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file())
    assert {"index.html", "studio.js", "studio.css", "LICENSES.txt"} <= set(shipped)
    with zipfile.ZipFile(wheel) as archive:
        for name in shipped:
            assert archive.read(f"segdsl/studio/static/{name}") == (STATIC / name).read_bytes()


def test_studio_after_demo_from_a_fresh_install(wheel: Path, tmp_path: Path) -> None:
    # Nothing of the repository: no PYTHONPATH, and a folder outside it.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
            env=env,
            cwd=tmp_path,
        ).strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.check_output(
        [str(python), "-c", "import segdsl; print(segdsl.__file__)"],
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert where.startswith(str(venv)), where
    folder = tmp_path / "fresh"
    folder.mkdir()
    segdsl = str(venv / "bin" / "segdsl")
    subprocess.run(
        [segdsl, "demo", "--customers", "500"],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    process = subprocess.Popen(
        [segdsl, "studio", "--no-browser"],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("segdsl studio: http://127.0.0.1:"), first + (
            process.stderr.read() if process.stderr else ""
        )
        assert process.stdout.readline() == "files: segments.seg\n"
        address = first.split(": ", 1)[1].strip()
        url, token = address.split("/?token=")
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with browser.open(address, timeout=30) as page:
            assert b"<title>segdsl studio</title>" in page.read()
        with browser.open(f"{url}/static/studio.js", timeout=30) as bundle:
            assert bundle.read() == (STATIC / "studio.js").read_bytes()
        buffer = {"text": "vip", "opened": None}
        status, answer = post(url, "answer", {"client": "p1", "buffer": buffer}, token=token)
        assert status == 200 and answer["ready"] and answer["total"] == 500
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert "no segdsl.toml here: shop.duckdb with the example's segments" in err
    assert (folder / "segments.seg").is_file()
