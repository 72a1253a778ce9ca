"""Imported by Python at startup when this folder is on PYTHONPATH (tests/support/docs.py puts
it there): the modules named in SEGDSL_TEST_MISSING_MODULES cannot be imported, as if their
packages were not installed."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

MISSING = frozenset(filter(None, os.environ.get("SEGDSL_TEST_MISSING_MODULES", "").split(",")))


class NotInstalled(MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        # A module named in MISSING and those inside it (google.cloud.bigquery, not google).
        if any(fullname == name or fullname.startswith(f"{name}.") for name in MISSING):
            raise ModuleNotFoundError(f"No module named '{fullname}'", name=fullname)
        return None


sys.meta_path.insert(0, NotInstalled())
