"""Kubernetes: deploy/z2jh/config.yaml uses only keys the Zero to JupyterHub chart documents, agrees with the
one-machine hub, and the single-user image builds from this repository with repo2docker."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "z2jh" / "config.yaml"

# Key paths from the chart's values schema (jupyterhub/zero-to-jupyterhub-k8s, jupyterhub/values.schema.yaml,
# commit 48ea50e, July 2026): the ones a course deployment may set. Under FREE_FORM the chart takes any keys
# (hub.config is traitlets config; extraEnv, lifecycleHooks and extraPodConfig are Kubernetes' own).
DOCUMENTED = {
    "hub.config",
    "hub.concurrentSpawnLimit",
    "hub.activeServerLimit",
    "hub.baseUrl",
    "hub.db.type",
    "hub.db.pvc.storage",
    "hub.extraConfig",
    "hub.resources",
    "proxy.secretToken",
    "proxy.service.type",
    "proxy.https.enabled",
    "proxy.https.hosts",
    "proxy.https.type",
    "proxy.https.letsencrypt.contactEmail",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.image.pullPolicy",
    "singleuser.defaultUrl",
    "singleuser.cmd",
    "singleuser.extraEnv",
    "singleuser.lifecycleHooks",
    "singleuser.startTimeout",
    "singleuser.memory.guarantee",
    "singleuser.memory.limit",
    "singleuser.cpu.guarantee",
    "singleuser.cpu.limit",
    "singleuser.storage.type",
    "singleuser.storage.capacity",
    "singleuser.storage.homeMountPath",
    "singleuser.storage.dynamic.storageClass",
    "cull.enabled",
    "cull.users",
    "cull.adminUsers",
    "cull.removeNamedServers",
    "cull.timeout",
    "cull.every",
    "cull.concurrency",
    "cull.maxAge",
    "prePuller.hook.enabled",
    "prePuller.continuous.enabled",
    "scheduling.userScheduler.enabled",
    "scheduling.podPriority.enabled",
    "scheduling.userPlaceholder.enabled",
    "scheduling.userPlaceholder.replicas",
}
FREE_FORM = {"hub.config", "singleuser.extraEnv", "singleuser.lifecycleHooks", "hub.resources"}


def leaf_paths(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in FREE_FORM:
            yield from leaf_paths(value, path + ".")
        else:
            yield path


def values():
    return yaml.safe_load(CONFIG.read_text())


def megabytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)\s*([KMGT]i?)?", str(quantity)).groups()
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}
    return float(number) * scale.get(unit or "", 1) / 1e6


def test_every_key_is_one_the_chart_documents():
    unknown = [p for p in leaf_paths(values()) if p not in DOCUMENTED]
    assert unknown == [], f"not in the chart's values schema: {unknown}"


def test_resources_culling_and_landing_page_are_set():
    v = values()
    user = v["singleuser"]
    guarantee, limit = megabytes(user["memory"]["guarantee"]), megabytes(user["memory"]["limit"])
    # One server (~140 MB) and one open lesson's kernel (~120-160 MB) must fit in the guarantee (make load).
    assert 300 <= guarantee <= limit
    assert 0 < user["cpu"]["guarantee"] <= user["cpu"]["limit"]
    assert v["cull"]["enabled"] is True and v["cull"]["timeout"] > 0
    assert user["defaultUrl"] == "/lab/tree/notebooks/00-start-here.ipynb"
    assert user["storage"]["type"] == "dynamic" and user["storage"]["homeMountPath"] == "/home/jovyan"
    hook = " ".join(user["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "cp -n /srv/hfs-course/notebooks/" in hook  # copies the course in, never over a student's work


def test_the_image_has_jupyterhub_singleuser():
    """The single-user image is built from environment.yml: it must carry jupyterhub for jupyterhub-singleuser."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(p.startswith("jupyterhub==") for p in pip)


def test_repo2docker_builds_the_image_with_the_course_outside_home():
    exe = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    result = subprocess.run(
        [
            exe,
            "--no-build",
            "--no-run",
            "--debug",
            "--user-id",
            "1000",
            "--user-name",
            "jovyan",
            "--target-repo-dir",
            "/srv/hfs-course",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dockerfile = result.stdout + result.stderr
    assert '--file "environment.yml"' in dockerfile, dockerfile[-2000:]
    assert "RUN ./postBuild" in dockerfile, dockerfile[-2000:]
    # --target-repo-dir reaches the build as the REPO_DIR build argument: the course is copied there.
    assert result.returncode == 0, dockerfile[-2000:]
    assert "ARG REPO_DIR" in dockerfile and "src/ ${REPO_DIR}/" in dockerfile, dockerfile[-2000:]
