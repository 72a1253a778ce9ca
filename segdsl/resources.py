"""Files that ship inside the wheel but live at the repository root in a checkout
(`grammar/`, `examples/shop/`), and the installed package's version."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
# Where pyproject.toml's force-include puts each top-level folder inside the package.
_PACKAGED = {"grammar": "grammar", "examples": "_examples"}


def data_path(relative: str) -> Path:
    """The path of a shipped data file, e.g. `grammar/segdsl.lark`."""
    in_checkout = _CHECKOUT / relative
    if in_checkout.is_file():
        return in_checkout
    top, _, rest = relative.partition("/")
    packaged = resources.files("segdsl") / _PACKAGED[top] / rest
    return Path(str(packaged))


def data_text(relative: str) -> str:
    return data_path(relative).read_text(encoding="utf-8")


def installed_version() -> str:
    """`segdsl.__version__`, which export records keep (importlib.metadata is slow to import:
    asked for only when needed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("segdsl")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
