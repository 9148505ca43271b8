"""What an install ships (every package of certify, its rulesets and templates) and how the command starts."""

import importlib.abc
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import certify
from certify import __main__ as entry

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_of_certify_is_listed_for_installation():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "certify").rglob("__init__.py")}
    assert found <= listed, f"packages missing from pyproject.toml: {sorted(found - listed)}"


def test_the_bundled_data_is_shipped_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["certify"]
    for pattern in patterns:
        assert list((ROOT / "certify").glob(pattern)), f"{pattern} matches nothing"
    assert (ROOT / "certify" / "rulesets" / "kam-2014.yaml").read_bytes() == \
        (ROOT / "rulesets" / "kam-2014.yaml").read_bytes()


def test_the_command_and_python_m_certify_start_at_the_entry_point_that_handles_an_early_ctrl_c():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"]["certify"] == "certify.__main__:main"
    done = subprocess.run([sys.executable, "-m", "certify", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout == f"certify, version {certify.__version__}\n"


def test_ctrl_c_while_certify_is_still_loading_ends_with_130_and_one_line(monkeypatch, capsys):
    class Interrupted(importlib.abc.MetaPathFinder):
        """Ctrl-C arriving while the command line's modules are being imported."""

        def find_spec(self, name, path, target=None):
            if name == "certify.cli":
                raise KeyboardInterrupt
            return None

    monkeypatch.delitem(sys.modules, "certify.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupted(), *sys.meta_path])
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\nAborted (Ctrl-C): stopped before the end.\n"


def test_checking_dossiers_does_not_import_the_workbook_library():
    # openpyxl takes ~0.1 s and ~10 MB to import: paid by every `certify check` if imported at start-up.
    done = subprocess.run([sys.executable, "-c", "import sys, certify.cli, certify.batch, certify.parallel; "
                           "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout == "[]\n"
