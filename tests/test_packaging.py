"""What a non-editable install ships: every package of certify, its rulesets and templates."""

import tomllib
from pathlib import Path

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
