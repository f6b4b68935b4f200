# JupyterHub for one class on one machine: `make hub` (tools/hub.py) starts it with this file.
#
# What a lecturer may want to change is at the top, each setting also readable from an environment
# variable so `make hub` and `make load` can run it without editing:
#
#   HFS_HUB_DIR         where the hub keeps its database, its secrets and every student's home
#                       (default ~/hfs-course-hub: outside the repository, so `make clean` never deletes
#                       a student's work)
#   HFS_HUB_PORT        the port students open, on 127.0.0.1 (default 8000)
#   HFS_CLASS_PASSWORD  the one password of the class (at least 8 characters); when unset, one is made
#                       on first start and kept in HFS_HUB_DIR/class-password
#   HFS_CULL_TIMEOUT    seconds a server may sit idle before the idle culler stops it (default 3600)
#
# Sign-in is JupyterHub's SharedPasswordAuthenticator: ANY user name with the class password gets a
# server of its own. That suits a trial or a class on a trusted network, not the open internet: every
# student runs as the same system user (see the spawner below), so a student who knows Python can read
# another's files. For a real deployment use Zero to JupyterHub (deploy/z2jh/) with a real authenticator.
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

ROOT = Path(__file__).resolve().parent.parent  # the repository: the course comes from here
COURSE_NOTEBOOKS = ROOT / "notebooks"
HUB_DIR = Path(os.environ.get("HFS_HUB_DIR") or Path.home() / "hfs-course-hub").expanduser().resolve()
HOMES = HUB_DIR / "home"
PORT = int(os.environ.get("HFS_HUB_PORT", "8000"))
# The hub's own API and the proxy's API: internal, but they need free ports too (make load picks them).
HUB_API_PORT = int(os.environ.get("HFS_HUB_API_PORT", "8081"))
PROXY_API_PORT = int(os.environ.get("HFS_PROXY_API_PORT", "8001"))
CULL_TIMEOUT = int(os.environ.get("HFS_CULL_TIMEOUT", "3600"))
START_PAGE = "notebooks/00-start-here.ipynb"

c = get_config()  # noqa: F821  (JupyterHub provides it when it reads this file)
HUB_DIR.mkdir(parents=True, exist_ok=True)
HOMES.mkdir(exist_ok=True)


def kept_secret(name: str, env: str, nbytes: int) -> str:
    """A secret from the environment, else from HUB_DIR/<name>, else a new one written there (mode 600)."""
    if os.environ.get(env):
        return os.environ[env]
    path = HUB_DIR / name
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


# --- Where it listens: this machine only ---------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_API_PORT}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
# The proxy comes from npm, installed into deploy/node_modules by `make install`.
c.ConfigurableHTTPProxy.command = [str(ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{HUB_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(HUB_DIR / "jupyterhub-proxy.pid")
# Stopping the hub stops the proxy and every student's server (their files stay).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Who may sign in: one class password ----------------------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = kept_secret("class-password", "HFS_CLASS_PASSWORD", 9)
c.Authenticator.allow_all = True  # any name with the class password: students pick their own
# The lecturer signs in as "lecturer" with a separate long password (HUB_DIR/lecturer-password) and sees
# the admin page (/hub/admin): who is running, stop or start a student's server.
c.Authenticator.admin_users = {"lecturer"}
c.SharedPasswordAuthenticator.admin_password = kept_secret("lecturer-password", "HFS_LECTURER_PASSWORD", 32)

# --- Each student's server ----------------------------------------------------------------------------
# SimpleLocalProcessSpawner runs every student as the user who started the hub, with HOME set to a folder
# of their own. LocalProcessSpawner would need one system account per student, which a trial should not
# have to create. No isolation between students (see the note at the top).
c.JupyterHub.spawner_class = SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.notebook_dir = str(HOMES / "{username}")
c.Spawner.default_url = f"/lab/tree/{START_PAGE}"
c.Spawner.ip = "127.0.0.1"
# The server and its kernels run from this Python environment, which has the course installed.
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.args = [
    # No news feed fetched from the internet.
    "--LabApp.news_url=None",
    # window.jupyterapp in the student's own page: lets `make load --browsers` drive JupyterLab as the
    # browser tests do; it gives the page nothing it could not already do with the student's session.
    "--LabApp.expose_app_in_browser=True",
    # A kernel whose notebook tab was closed without shutting it down is stopped after 20 idle minutes;
    # a kernel with a tab open is never culled (a student reading is not cut off).
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=False",
]
if os.getuid() == 0:
    # Only when the hub itself runs as root (a container, a throwaway VM): JupyterLab refuses root otherwise.
    c.Spawner.args.append("--allow-root")
# Thirty students starting within two minutes on two cores: a server can take a while to answer.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = 40


def copy_course(spawner):
    """Give the student their own copy of the course notebooks on every start, without overwriting.

    A copy, not a symlink: a student's edits and outputs then land in their own file. A symlink to the
    shared notebooks/ would make every student save into the one shared file. Notebooks the student
    already has are left alone (their work); notebooks added to the course since are copied in.
    """
    home = Path(spawner.home_dir)
    mine = home / "notebooks"
    mine.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(COURSE_NOTEBOOKS.glob("*.ipynb")):
        if not (mine / notebook.name).exists():
            shutil.copyfile(notebook, mine / notebook.name)
    # No "news" question over the course: the settings Binder gets from postBuild, as this student's own
    # JupyterLab settings (written once; the student may change them).
    overrides = json.loads((ROOT / "tools" / "jupyterlab-overrides.json").read_text())
    for plugin_id, settings in overrides.items():
        package, plugin = plugin_id.split(":")
        path = home / ".jupyter" / "lab" / "user-settings" / package / f"{plugin}.jupyterlab-settings"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
    # The course's progress file (quiz answers, sections done) lives in the student's own home.
    spawner.environment["HFS_PROGRESS_FILE"] = str(home / ".hfs-course" / "progress.json")


c.Spawner.pre_spawn_hook = copy_course

# --- Stop servers nobody uses -------------------------------------------------------------------------
# jupyterhub-idle-culler, run by the hub as a service: a server with no activity for CULL_TIMEOUT
# seconds is stopped (its files stay; the student starts it again by signing in).
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_TIMEOUT}", "--cull-every=300"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# The load test (tools/load.py) drives the hub through its REST API with an admin token of its own.
if os.environ.get("HFS_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "course-admin", "api_token": os.environ["HFS_HUB_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["course-admin"]})
