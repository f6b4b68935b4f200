"""Nothing fetched from a CDN at run time; no absolute machine paths committed."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FILES = [p for p in [*ROOT.glob("widgets/**/*.py"), *ROOT.glob("lessons/**/*.md"), *ROOT.glob("tools/*.py")]]
CDN = re.compile(r"https?://(cdn\.|unpkg\.com|cdnjs|fonts\.googleapis|cdn\.jsdelivr)")


def test_no_cdn_urls_in_code_or_lessons():
    offenders = [str(p.relative_to(ROOT)) for p in FILES if CDN.search(p.read_text(encoding="utf-8"))]
    assert not offenders


def test_no_absolute_machine_paths():
    # Spelled as alternatives after one slash so that this file does not hold the paths it looks for.
    pattern = re.compile(r"/(work|root|home/\w+)/")
    committed = [
        *FILES,
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("notebooks/*.ipynb"),
        *(ROOT / name for name in ("Makefile", ".ci/run", "README.md", "environment.yml", "postBuild")),
    ]
    offenders = [str(p.relative_to(ROOT)) for p in committed if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders
