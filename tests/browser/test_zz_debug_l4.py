import time, pytest
pytestmark = pytest.mark.browser
T0 = time.time()
def log(*a): print(f"[{time.time()-T0:6.1f}]", *a, flush=True)
def test_debug(open_notebook):
    log("start")
    lab = open_notebook("04-botox-vs-mvd")
    log("opened")
    lab.run_all(timeout_ms=240_000)
    log("ran")
    page = lab.page
    for v in (".hfs-view.hfs-toxin-cycles", ".hfs-view.hfs-outcomes-over-time", ".hfs-view.hfs-decide"):
        page.wait_for_selector(f"{v} .js-plotly-plot", state="attached", timeout=60_000)
        log("attached", v)
    log("errors", lab.error_outputs())
    lab.screenshot("04-debug")
    log("shot")
