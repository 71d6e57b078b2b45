"""The core must never pull in the UI: checked in a fresh interpreter and by import-linter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_core_imports_no_textual() -> None:
    code = (
        "import sys, workbench.core.service, workbench.core.export, workbench.core.store;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual',)"
        " or m.startswith('workbench.tui') or m == 'workbench.cli'];"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_import_linter_contract_holds() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "KEPT" in out.stdout
