"""The README's and the docs' commands work after the README's own install command, a plain
`pip install .` without the optional extras (docs/writing-docs.md, "Extras").

Simulated rather than installed: every command and Python example of a page runs with the
extras' modules made unimportable (tests/support/without_extras/sitecustomize.py), as
tests/test_docs.py runs them with everything installed. A block marked
`<!-- test: needs-extra X -->` must instead fail with a message naming
`pip install 'segdsl[X]'`, not a traceback, as a reader without the extra would see it at a
terminal; a page's own `pip install '…[X]'` installs X for the page's later commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.docs import (
    EXTRA_MODULES,
    PAGES,
    ROOT,
    build_docs_shop,
    copy_sandbox,
    declared_extras,
    environment,
    installed_extras,
    page_failures,
)

NO_EXTRAS = frozenset(EXTRA_MODULES)


@pytest.fixture(scope="session")
def demo_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docs_shop(tmp_path_factory.mktemp("install_shop") / "shop.duckdb")


@pytest.fixture()
def sandbox(tmp_path: Path, demo_shop: Path) -> Path:
    return copy_sandbox(tmp_path, demo_shop)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_page_commands_without_the_extras(page: Path, sandbox: Path) -> None:
    failures = list(page_failures(page, sandbox, NO_EXTRAS))
    assert not failures, "\n\n".join(failures)


def test_every_extra_is_simulated() -> None:
    """A new extra in pyproject.toml needs its modules in EXTRA_MODULES (`test` is the tools
    that run this suite)."""
    assert set(EXTRA_MODULES) == set(declared_extras()) - {"test"}


def test_the_extras_modules_cannot_be_imported_without_them() -> None:
    script = (
        "import importlib, segdsl.cli, duckdb\n"
        f"for name in {sorted(m for ms in EXTRA_MODULES.values() for m in ms)}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError:\n"
        "        continue\n"
        "    raise SystemExit(f'{name} was imported')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(NO_EXTRAS),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_install_command_installs_its_extras_and_theirs() -> None:
    assert installed_extras("python3 -m pip install .") == set()
    assert installed_extras("pip install 'segdsl[repl]'") == {"repl"}
    assert installed_extras("pip install '.[test]'") >= {"test", "postgres", "repl", "chart"}
    with pytest.raises(AssertionError, match="no such extra 'sparkles'"):
        installed_extras("pip install '.[sparkles]'")


def test_a_command_marked_as_needing_an_extra_must_say_so(tmp_path: Path, sandbox: Path) -> None:
    repl = "```sh\nsegdsl repl --schema examples/shop/schema.yaml\n```\n"
    page = tmp_path / "page.md"
    page.write_text(
        f"<!-- test: needs-extra repl -->\n{repl}"
        "<!-- test: needs-extra chart -->\n```sh\necho needs nothing\n```\n"
        "```sh\npip install 'segdsl[repl]'\n```\n"
        f"<!-- test: needs-extra repl -->\n{repl}",
        encoding="utf-8",
    )
    failures = list(page_failures(page, sandbox, NO_EXTRAS))
    assert len(failures) == 1, failures
    assert failures[0].startswith(f"{page}:6: `echo needs nothing` without the chart extra")
