"""Share links and files full of markup, in a real browser (issue #17).

A link's business name carrying a Markdown image and link, raw HTML, a ``javascript:`` link,
Streamlit's own markup, bidi controls or 10,000 characters: no request leaves the app's server,
no link, image or icon comes out of the text, and the name shows word for word in the sidebar
(or the link's value is refused with a message), in both languages, on every page, in Trainer
mode and in its handout. A scenario file named like an attack is compared on the Scenarios page.

`ui.plain` itself is checked in Streamlit's renderer too: a small script draws hostile strings
through each of its functions in every kind of element, and the page must read them back.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Dialog, Page, Request, Route, expect

from calculators.scenario import default_scenario, dump_scenario
from devtools.browser import AppPage
from devtools.server import HOST, ROOT, free_port, stop_server, wait_until_healthy
from ui import plain
from ui.i18n import translate
from ui.nav import (
    ACQUISITION,
    EXPECTATIONS,
    LOYALTY,
    OVERVIEW,
    SCENARIOS,
    WORD_OF_MOUTH,
    YOUR_DATA,
    PageInfo,
)

pytestmark = [pytest.mark.timeout(180)]

# Names the app accepts and must show word for word: one walks every page in each language.
WALKED = {
    "it": "![x](http://127.0.0.2:9/t.png) [Rimborso](https://phish.example/login)",
    "en": "<img src=http://127.0.0.2:9/x onerror=alert(1)> [a](javascript:alert(1))",
}
STREAMLIT_MARKUP = ":red[x] :material/home: :streamlit: $x^2$ www.phish.example **b**"
# A file name has no slash; ``http:127.0.0.2:9`` is still an address to the browser.
HOSTILE_FILE = "[Rimborso](https:phish.example) <img src=http:127.0.0.2:9 onerror=alert(1)>.yaml"
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MARKUP_FROM_TEXT = ", ".join(
    [
        'a[href*="phish"]',
        'a[href^="javascript:"]',
        'a[href*="127.0.0.2"]',
        'img[src*="127.0.0.2"]',
        'img[src*="phish"]',
        "[onerror]",
        ".katex",
    ]
)
# Each page reached from the menu, and the title it shows (Trainer mode is opened by its link).
TITLES: dict[PageInfo, str] = {
    OVERVIEW: "overview.title",
    ACQUISITION: "acq.title",
    WORD_OF_MOUTH: "wom.title",
    LOYALTY: "loy.title",
    EXPECTATIONS: "exp.title",
    YOUR_DATA: "data.title",
    SCENARIOS: "cmp.title",
}
DRAW_TIMEOUT_MS = 30_000


def share_link(lang: str, name: str, page: str = "") -> str:
    return f"/{page}?{urlencode({'lang': lang, 'business.name': name})}"


class Watch:
    """Everything the page asks the network for, and every dialog (``alert(1)``) it opens."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def leaving(self, base_url: str) -> list[str]:
        own = (f"{base_url}/", "data:", "blob:", "about:")
        return [url for url in self.requests if not url.startswith(own)]


def assert_plain(page: Page, watch: Watch, base_url: str, where: str) -> None:
    """No markup came out of the user's text on this page, and nothing left the machine."""
    expect(page.locator(MARKUP_FROM_TEXT), where).to_have_count(0)
    expect(page.locator("a", has_text=re.compile("Rimborso|phish")), where).to_have_count(0)
    assert not BIDI.search(page.evaluate("document.body.innerText")), where
    assert watch.leaving(base_url) == [], where
    assert watch.dialogs == [], where


def open_page(app: AppPage, page_info: PageInfo, lang: str) -> None:
    """Go to `page_info` from the sidebar's menu, in the same session, and wait for its title."""
    page = app.page
    label = translate(lang, page_info.title_key)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label, exact=True).click()
    title = translate(lang, TITLES[page_info])
    expect(page.get_by_test_id("stMain").locator("h1").first).to_have_text(title)
    app.wait()


def compare_hostile_file(app: AppPage, lang: str) -> None:
    """Upload a scenario file named like an attack on the Scenarios page and compare it."""
    page = app.page
    uploader = page.get_by_test_id("stMain").get_by_test_id("stFileUploaderDropzoneInput")
    scenario = dump_scenario(default_scenario()).encode()
    uploader.set_input_files([{"name": HOSTILE_FILE, "mimeType": "text/yaml", "buffer": scenario}])
    expect(page.get_by_test_id("stMain").get_by_test_id("stFileUploader")).to_contain_text(".yaml")
    app.wait()
    label = translate(lang, "cmp.file", name=HOSTILE_FILE)
    page.get_by_test_id("stMultiSelect").locator("input").click()
    page.get_by_role("option", name=label, exact=True).click()
    page.keyboard.press("Escape")
    legend = app.chart("cmp_chart_chart").locator(".legendtext", has_text="Rimborso")
    expect(legend).to_have_text(label)
    app.wait()


def check_handout(app: AppPage, browser: Browser, folder: Path, lang: str, name: str) -> None:
    """Download the handout from Trainer mode and open it with the network cut."""
    saved = app.download_handout(
        translate(lang, "present.handout.button"),
        translate(lang, "present.handout.download"),
        folder / f"handout-{lang}.html",
    )

    context = browser.new_context()
    leaving: list[str] = []

    def only_the_file(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            leaving.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    try:
        offline = context.new_page()
        dialogs: list[str] = []
        offline.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        offline.goto(saved.as_uri())
        expect(offline.locator(".js-plotly-plot").first).to_be_attached(timeout=DRAW_TIMEOUT_MS)
        prepared = translate(lang, "present.handout.for", name=name)
        expect(offline.locator("p.for")).to_have_text(prepared)
        expect(offline.locator('img, iframe, a:not([href^="#step-"]), [onerror]')).to_have_count(0)
        assert leaving == [] and dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_hostile_name_is_plain_text_on_every_page_and_in_the_handout(
    page: Page, app: AppPage, browser: Browser, base_url: str, tmp_path: Path, lang: str
):
    name = WALKED[lang]
    watch = Watch(page)
    app.open(share_link(lang, name))
    sidebar_name = page.get_by_test_id("stSidebar").get_by_test_id("stText")
    for page_info in TITLES:
        if page_info != OVERVIEW:
            open_page(app, page_info, lang)
        expect(sidebar_name).to_have_text(name)
        assert sidebar_name.inner_text() == name
        app.assert_healthy()
        assert_plain(page, watch, base_url, page_info.file)
    compare_hostile_file(app, lang)
    assert_plain(page, watch, base_url, "scenarios with a hostile file")

    app.open(share_link(lang, name, "present"))
    expect(page.locator(".st-key-present_title h1")).to_be_visible()
    assert_plain(page, watch, base_url, "present")
    check_handout(app, browser, tmp_path, lang, name)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_streamlit_markup_in_a_name_stays_text(page: Page, app: AppPage, base_url: str, lang: str):
    watch = Watch(page)
    app.open(share_link(lang, STREAMLIT_MARKUP))
    sidebar_name = page.get_by_test_id("stSidebar").get_by_test_id("stText")
    expect(sidebar_name).to_have_text(STREAMLIT_MARKUP)
    expect(page.get_by_test_id("stSidebar").locator('[role="img"], img')).to_have_count(0)
    assert_plain(page, watch, base_url, "overview")


@pytest.mark.parametrize(
    ("lang", "name", "kind"),
    [("it", "Caffè \u202eissoR \u2066x\u2069", "hidden_characters"), ("en", "x" * 10_000, "text")],
    ids=["bidi-it", "ten_thousand_characters-en"],
)
def test_a_name_the_app_refuses_is_reported_and_not_shown(
    page: Page, app: AppPage, base_url: str, lang: str, name: str, kind: str
):
    watch = Watch(page)
    app.open(share_link(lang, name))
    label = translate(lang, "field.business.name.label")
    message = translate(lang, f"issue.{kind}", label=label, max_length=80)
    expect(page.get_by_test_id("stAlert").filter(has_text=message)).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stText")).to_have_count(0)
    assert "x" * 81 not in page.evaluate("document.body.innerText")
    app.assert_healthy()
    assert_plain(page, watch, base_url, "overview")


# --- ui.plain in Streamlit's own renderer -----------------------------------------------------

HOSTILE = [
    "![x](http://127.0.0.2:9/track.png) [Rimborso](https://phish.example/login)",
    "<img src=http://127.0.0.2:9/x onerror=alert(1)>",
    '[click](javascript:alert(1)) <a href="javascript:alert(1)">a</a>',
    "https://phish.example www.phish.example a@phish.example <https://phish.example>",
    ":red[alarm] :material/home: :material_home: :smile: :streamlit: $x^2$ $$y$$",
    "**bold** _it_ `code` ~~del~~ # h > q - l 1. n | t | &amp; &lt;b&gt; \\ \\*",
    "Caffè \u202eRossi\u202c \u2066x\u2069 \u200e\u200f\u061c tab\there",
    "%{x} %{y} <b>b</b><br>c &#60;i&#62; $5 and $6",
]
# One container per string and element kind, keyed ``<kind>_<index>``.
PROBE = """
import json, sys
import plotly.graph_objects as go
import streamlit as st
from ui import plain

for i, s in enumerate(json.loads(sys.argv[1])):
    with st.container(key=f"markdown_{i}"):
        st.markdown(plain.markdown(s))
    with st.container(key=f"label_{i}"):
        st.checkbox(plain.markdown(s), key=f"checkbox_{i}")
    with st.container(key=f"expander_{i}"):
        st.expander(plain.markdown(s)).write("")
    with st.container(key=f"quoted_{i}"):
        st.error("File " + plain.quoted(s, limit=1000) + " costs $5 or $6")
    with st.container(key=f"text_{i}"):
        st.text(plain.text(s))
    with st.container(key=f"option_{i}"):
        st.selectbox("s", [plain.text(s)], key=f"selectbox_{i}")
    with st.container(key=f"plotly_{i}"):
        shown = plain.plotly(s)
        bar = go.Bar(x=[shown], y=[1], name=shown, text=[shown], showlegend=True)
        st.plotly_chart(go.Figure(bar, layout={"title": shown}), key=f"chart_{i}")
"""


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    script = tmp_path_factory.mktemp("probe") / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    command += ["--server.fileWatcherType", "none", "--", json.dumps(HOSTILE)]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL)
    url = f"http://{HOST}:{port}"
    try:
        wait_until_healthy(process, url, 30)
        yield url
    finally:
        stop_server(process)


def shown(text: str) -> str:
    """Text as the page shows it: runs of white space as one space, word joiners unseen."""
    return " ".join(text.replace(plain.WORD_JOINER, "").split())


def test_plain_text_reads_back_in_streamlit(page: Page, probe_url: str):
    watch = Watch(page)
    page.goto(probe_url)
    last = len(HOSTILE) - 1
    expect(page.locator(f".st-key-plotly_{last} .js-plotly-plot")).to_be_attached()
    for index, value in enumerate(HOSTILE):
        expected = shown(plain.text(value))
        for kind in ("markdown", "label", "expander", "text"):
            box = page.locator(f".st-key-{kind}_{index}")
            assert shown(box.inner_text().replace("keyboard_arrow_right", "")) == expected, kind
        quoted = page.locator(f".st-key-quoted_{index}")
        quoted_text = shown(plain.text(value).replace("`", "'"))
        assert shown(quoted.inner_text()) == f"File {quoted_text} costs $5 or $6"
        option = page.locator(f".st-key-option_{index} input").input_value()
        assert shown(option) == expected
        chart = page.locator(f".st-key-plotly_{index}")
        for part in (".gtitle", ".legendtext", ".xtick"):
            assert shown(chart.locator(part).first.text_content() or "") == expected, part
        expect(chart.locator("a")).to_have_count(0)
        markup = 'a, img, strong, em, del, code, .katex, [role="img"]'
        for kind in ("markdown", "label", "expander", "text"):
            expect(page.locator(f".st-key-{kind}_{index}").locator(markup)).to_have_count(0)
        expect(quoted.locator("a, img, strong, em, .katex")).to_have_count(0)
    assert watch.leaving(probe_url) == []
    assert watch.dialogs == []
