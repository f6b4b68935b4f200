"""The Voilà app as `make app LESSON=01` serves it, fit to share: token, Host check, kernel cap, links.

One server, as `tools/app.py 01 --max-kernels 2` starts it (the whole course, lesson 01 first with a
warm kernel, at most 2 learners' pages). Raw HTTP requests check what is refused before any kernel
starts; Chromium checks that a link between lessons opens the other lesson and that a page over the
cap gets the "app is full" page, which a closed tab clears.
"""

from __future__ import annotations

import http.client
import time

import pytest
from harness import VoilaServer, wait_widgets

CAP = 2
WARM = 1  # app.WARM_KERNELS: the start lesson's kernel, run ahead
START = "01-facial-nerve-anatomy.ipynb"
LINKED = "02-spasm-progression.ipynb"
LIGHT = "00-start-here.ipynb"
BUSY = f"This course app is serving {CAP} learners, its limit; close a tab or try again in a minute."


@pytest.fixture(scope="module")
def course(browser_context):  # browser_context first: it skips (or fails under CI) without Chromium
    server = VoilaServer("01", "--max-kernels", str(CAP))
    yield server
    server.stop()


def raw_get(server, path: str, host: str | None = None) -> http.client.HTTPResponse:
    """One GET as a script would send it, with the Host header given (not a browser's)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{server.port}")
    connection.endheaders()
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_a_page_needs_the_token(course):
    for path in [f"/voila/render/{START}", f"/voila/render/{START}?token=wrong-token", "/voila/tree"]:
        response = raw_get(course, path)
        assert response.status == 302 and response.getheader("Location", "").startswith("/login"), (
            path,
            response.status,
            response.getheader("Location"),
        )
    assert course.live_kernels() <= WARM, "a refused request started a kernel"


def test_a_forged_host_is_refused(course):
    # What a DNS-rebinding page would send: the right address and token, another name in Host.
    for host in ["evil.example", f"evil.example:{course.port}", f"127.0.0.1.evil.example:{course.port}"]:
        for path in [
            f"/voila/render/{START}?token={course.token}",
            "/voila/static/widgetbundle.js",
            f"/voila/tree?token={course.token}",
        ]:
            response = raw_get(course, path, host=host)
            assert response.status == 403, (host, path, response.status)
    assert raw_get(course, "/voila/static/widgetbundle.js", host=f"localhost:{course.port}").status == 200
    assert course.live_kernels() <= WARM, "a refused request started a kernel"


def test_a_link_to_another_lesson_opens_it(course, browser_context):
    page = browser_context.new_page()
    statuses = []
    page.on("response", lambda r: "/voila/" in r.url and statuses.append((r.status, r.url)))
    try:
        page.goto(course.url(f"/voila/render/{START}"), wait_until="domcontentloaded", timeout=90_000)
        wait_widgets(page)
        link = page.locator(f"a[href='{LINKED}']").first
        link.scroll_into_view_if_needed()
        with page.expect_navigation(timeout=90_000):
            link.click()
        assert page.url.split("?")[0] == f"{course.base}/voila/render/{LINKED}"  # no token needed: the cookie
        wait_widgets(page)
        assert "Forbidden" not in page.title() and "403" not in page.inner_text("body")[:500]
        assert not [s for s in statuses if s[0] >= 400], statuses
    finally:
        page.close(run_before_unload=True)
    # Both pages' kernels were shut down by the pages themselves (the _xsrf cookie is set for that).
    assert course.wait_kernels(WARM) <= WARM, course.log()


def test_a_page_over_the_cap_gets_the_full_page_until_a_tab_closes(course, browser_context):
    assert course.wait_kernels(WARM) <= WARM, "kernels left from the test before"
    pages = []
    try:
        for _ in range(CAP):
            page = browser_context.new_page()
            pages.append(page)
            page.goto(course.url(f"/voila/render/{LIGHT}"), wait_until="domcontentloaded", timeout=90_000)
            wait_widgets(page)
        extra = browser_context.new_page()
        pages.append(extra)
        response = extra.goto(course.url(f"/voila/render/{START}"), timeout=30_000)
        assert response.status == 503 and response.headers.get("retry-after") == "60"
        assert extra.locator("#hfs-busy").inner_text() == BUSY
        assert extra.locator("h1").inner_text() == "The course app is full"
        assert course.live_kernels() <= CAP + WARM

        # A learner closes a tab: its kernel is shut down (which takes a moment) and a reload gets in.
        pages.pop(0).close(run_before_unload=True)
        for _ in range(20):
            response = extra.goto(course.url(f"/voila/render/{LIGHT}"), wait_until="domcontentloaded", timeout=90_000)
            if response.status != 503:
                break
            time.sleep(1)
        assert response.status == 200, course.log()
        wait_widgets(extra)
    finally:
        for page in pages:
            page.close(run_before_unload=True)
