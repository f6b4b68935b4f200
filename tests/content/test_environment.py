"""One set of pins for pip and Binder, and a Binder build that installs environment.yml and runs postBuild."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import pins  # noqa: E402


def test_environment_yml_pins_the_same_versions_as_constraints():
    assert pins.mismatches() == []
    env = pins.environment_pins()
    for package in (
        "jupyterlab",
        "ipywidgets",
        "plotly",
        "anywidget",
        "numpy",
        "pyyaml",
        "jupytext",
        "pytest",
        "nbval",
    ):
        assert package in env, f"{package} is not pinned in environment.yml"


def test_repo2docker_would_install_environment_yml_and_run_postbuild():
    exe = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    result = subprocess.run(
        [exe, "--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dockerfile = result.stdout + result.stderr
    assert '--file "environment.yml"' in dockerfile, dockerfile[-2000:]
    assert "RUN ./postBuild" in dockerfile, dockerfile[-2000:]


def test_postbuild_installs_the_course_package():
    text = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in text


def test_readme_has_a_binder_badge_to_the_start_notebook():
    readme = (ROOT / "README.md").read_text()
    assert "mybinder.org/badge" in readme and "notebooks%2F00-start-here.ipynb" in readme.replace("/", "%2F")
