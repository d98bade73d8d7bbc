"""The live classroom in a real browser (issue #15, acceptance): a trainer opens a room on the
class screen; three phones (390×844) open the room's QR link and answer, one in Italian, one in
English, one after correcting a bad value; the projector, never reloaded, shows 3 answers and the
class's medians within 3 s of the last answer; "Use the class median" then runs the story on
the class's numbers.

Every expected number is computed here from what the phones typed (`statistics.median`, the
Overview's CLV m / (1 + i − r) at the scenario's 8 % discount rate), never by the app's code.
The answers are those of tests/app/test_classroom_pages.py with other numbers: there the class's
retention, acquisition cost and margin are the scenario's defaults, so a story that ignored the
class median would still show them; here every median differs from the default it replaces.
"""

from __future__ import annotations

import io
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pytest
import segno
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from devtools.browser import AppPage
from ui.classroom import QR_WIDTH, qr_png
from ui.fmt import Formatter
from ui.i18n import translate
from ui.present import STEPS

pytestmark = [pytest.mark.timeout(300)]

# The acceptance: the projector shows the last answer within this many milliseconds.
PROJECTOR_DEADLINE_MS = 3_000
PHONE: ViewportSize = {"width": 390, "height": 844}
# Pixels a phone page may be wider than its viewport before it scrolls sideways (sub-pixel
# rounding of borders and shadows).
SCROLL_TOLERANCE_PX = 1
# The scenario's discount rate (the example's 8 %): the projector values every CLV at it.
DISCOUNT_RATE = 0.08
# The example scenario's gross margin: the class median's margin becomes revenue ÷ this.
GROSS_MARGIN = 0.30
PERCENT = 100
# A QR symbol is 17 + 4 × version modules wide (versions 1 to 40); its finder is 7 modules.
QR_BASE_MODULES, QR_MODULES_PER_VERSION, QR_MAX_VERSION, FINDER_MODULES = 17, 4, 40, 7
DARK_BELOW = 128  # grey level under which a pixel of the projected QR code is dark
COUNT = len(STEPS)


@dataclass(frozen=True)
class Phone:
    """One participant: the browser locale, the link's language, and what they type.

    `retention` is in percent; `lost` (customers lost last year) is typed instead when set.
    `bad_retention`: a value sent first, refused, then corrected to `retention`."""

    locale: str
    lang: str
    sector: str
    active: int
    cac: int
    margin: int
    complain: int
    told: int
    retention: int | None = None
    lost: int | None = None
    bad_retention: int | None = None

    @property
    def retention_fraction(self) -> float:
        if self.lost is not None:
            return (self.active - self.lost) / self.active
        assert self.retention is not None
        return self.retention / PERCENT

    @property
    def customers_lost(self) -> float:
        if self.lost is not None:
            return self.lost
        return self.active * (1 - self.retention_fraction)


PHONES = (
    # An Italian phone: the page is Italian (the link carries no language); retention as a
    # percentage.
    Phone("it-IT", "it", "retail_shop", active=1200, retention=85, cac=300, margin=450,
          complain=20, told=5),
    # English; retention as customers lost: 160 of 400 is 60 %.
    Phone("en-US", "en", "ecommerce", active=400, lost=160, cac=40, margin=90,
          complain=10, told=12),
    # A British phone, so English; it sends a retention of 150 % first, reads the message under
    # the input and corrects it.
    Phone("en-GB", "en", "b2b_saas", active=150, retention=90, bad_retention=150, cac=1200,
          margin=2400, complain=50, told=3),
)  # fmt: skip


def clv(phone: Phone) -> float:
    """The Overview's customer lifetime value: m / (1 + i − r), before acquisition cost."""
    return phone.margin / (1 + DISCOUNT_RATE - phone.retention_fraction)


# --- the projector ------------------------------------------------------------------------


def open_room(app: AppPage) -> tuple[str, str]:
    """On the class screen, open a room; its code (as typed: no dash) and the printed link."""
    page = app.page
    app.open("/present?step=class&lang=en")
    expect(page.get_by_role("heading", name="Your class")).to_be_visible()
    page.get_by_role("button", name="Open a room").click()
    shown_code = page.locator(".st-key-class_code")
    expect(shown_code).to_have_text(re.compile(r"^[A-Z0-9]{3}-[A-Z0-9]{3}$"))
    code = shown_code.inner_text().replace("-", "")
    printed = page.locator(".st-key-class_link")
    # No language in the link: each phone opens the page in its own (its browser's locale).
    expect(printed).to_have_text(re.compile(rf"join\?room={code}$"))
    expect(app.metric("Answers received")).to_have_text("0")
    return code, printed.inner_text().strip()


def assert_inside(inner: Locator, outer: Locator) -> None:
    """`inner` is drawn within `outer`'s box (not cut off at its right edge)."""
    inside, around = inner.bounding_box(), outer.bounding_box()
    assert inside is not None and around is not None
    assert around["x"] <= inside["x"], (inside, around)
    assert inside["x"] + inside["width"] <= around["x"] + around["width"], (inside, around)


def qr_modules(image: Image.Image) -> tuple[tuple[bool, ...], ...]:
    """The dark (True) and light modules of the QR code in `image`, read at each module's centre.

    The symbol is the box of the dark pixels; its top-left finder pattern's top row is 7 dark
    modules, which gives the module size, and the symbol's width in modules is 17 + 4 × version.
    """
    dark = np.asarray(image.convert("L")) < DARK_BELOW
    rows, cols = np.nonzero(dark)
    assert rows.size, "no QR code in the image"
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    finder = int(np.argmin(dark[top, left:right]))  # the first light pixel ends the finder
    sizes = [
        QR_BASE_MODULES + QR_MODULES_PER_VERSION * version
        for version in range(1, QR_MAX_VERSION + 1)
    ]
    modules = min(sizes, key=lambda size: abs(size - (right - left) * FINDER_MODULES / finder))
    centres = (np.arange(modules) + 0.5) / modules
    ys = (top + centres * (bottom - top)).astype(int)
    xs = (left + centres * (right - left)).astype(int)
    return tuple(tuple(bool(dark[y, x]) for x in xs) for y in ys)


def qr_encodings(text: str) -> set[tuple[tuple[bool, ...], ...]]:
    """The module patterns a QR code of exactly `text` can have (any error-correction level)."""
    patterns = set()
    for error in "LMQH":
        for boost in (False, True):
            code = segno.make(text, error=error, micro=False, boost_error=boost)
            patterns.add(tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(border=0)))
    return patterns


def projected_qr(page: Page) -> Image.Image:
    """The QR code image the class screen shows, as the server sends it."""
    image = page.locator(".st-key-class_qr img")
    expect(image).to_be_visible()
    response = page.request.get(image.get_attribute("src") or "")
    assert response.ok, response.status
    return Image.open(io.BytesIO(response.body()))


# --- a phone ------------------------------------------------------------------------------


def number_field(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stNumberInput").get_by_label(label, exact=True)


def type_number(app: AppPage, label: str, value: int) -> None:
    """Type `value` and press Enter (Streamlit sends it then), as a phone's keyboard does."""
    field = number_field(app.page, label)
    field.fill(str(value))
    field.press("Enter")
    app.wait()


def assert_fits_the_phone(page: Page, fields: Sequence[Locator]) -> None:
    """No sideways scroll on the phone, and every main input visible inside its width."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + SCROLL_TOLERANCE_PX, width
    for field in fields:
        expect(field).to_be_visible()
        box = field.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (box, field)


def field_label(lang: str, name: str) -> str:
    """The join page's label of the answer's field `name`."""
    return translate(lang, f"classroom.field.{name}.label")


def answer(app: AppPage, phone: Phone, retention: int | None = None) -> None:
    """Fill the join page as `phone` (retention `retention` instead of the phone's, when given)
    and press Send."""
    page, lang = app.page, phone.lang

    def t(key: str) -> str:
        return translate(lang, key)

    def label(name: str) -> str:
        return field_label(lang, name)

    sector = page.get_by_test_id("stSelectbox").filter(has_text=label("sector"))
    sector.click()
    page.get_by_role("option", name=t(f"classroom.sector.{phone.sector}"), exact=True).click()
    expect(sector.get_by_role("combobox")).to_have_value(t(f"classroom.sector.{phone.sector}"))
    app.wait()
    type_number(app, label("active_customers"), phone.active)
    way = "lost_customers" if phone.lost is not None else "retention"
    page.get_by_test_id("stRadio").get_by_text(t(f"classroom.join.ways.{way}"), exact=True).click()
    expect(number_field(page, label(way))).to_be_visible()
    app.wait()
    if phone.lost is not None:
        type_number(app, label("lost_customers"), phone.lost)
    else:
        typed = phone.retention if retention is None else retention
        assert typed is not None
        type_number(app, label("retention"), typed)
    type_number(app, label("acquisition_cost"), phone.cac)
    type_number(app, label("margin_per_customer"), phone.margin)
    type_number(app, label("complain_per_100"), phone.complain)
    type_number(app, label("people_told"), phone.told)
    fields = [
        sector,
        *(
            number_field(page, label(name))
            for name in ("active_customers", way, "acquisition_cost", "margin_per_customer")
        ),
    ]
    send = page.get_by_role("button", name=t("classroom.join.send"))
    assert_fits_the_phone(page, [*fields, send])
    send.click()


def thank_you(page: Page, lang: str) -> Locator:
    return page.get_by_test_id("stAlert").filter(has_text=translate(lang, "classroom.join.sent"))


def open_phone(browser: Browser, stack: ExitStack, phone: Phone, link: str) -> AppPage:
    """A phone's browser (its own context, closed with `stack`) on the join link."""
    context: BrowserContext = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale=phone.locale
    )
    stack.callback(context.close)
    app = AppPage(context.new_page())
    app.open(link)
    title = translate(phone.lang, "classroom.join.title")
    expect(app.page.get_by_role("heading", name=title)).to_be_visible()
    return app


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    with ExitStack() as contexts:
        yield contexts


def remaining_ms(deadline: float) -> float:
    """Milliseconds left before `deadline` (time.monotonic); at least 1, so expect() still looks
    once and fails with its own message when the time is up."""
    return max(1.0, (deadline - time.monotonic()) * 1000)


def test_the_qr_reader_tells_one_link_from_another() -> None:
    # As the class screen sends it: a PNG of whole pixels a module, at most 320 pixels wide.
    link = "http://127.0.0.1:8501/join?room=K7M2PQ"
    modules = qr_modules(Image.open(io.BytesIO(qr_png(link, QR_WIDTH))))
    assert modules in qr_encodings(link)
    assert modules not in qr_encodings(link.replace("K7M2PQ", "K7M2PR"))
    assert modules not in qr_encodings(link + "&lang=it")


def test_a_class_answers_from_phones_and_the_projector_shows_its_medians_live(
    page: Page, app: AppPage, browser: Browser, base_url: str, stack: ExitStack
) -> None:
    code, printed = open_room(app)
    # What the projector prints is the QR code's content without its scheme; the phones open
    # exactly what the QR code holds.
    link = f"{urlsplit(base_url).scheme}://{printed}"
    assert link == f"{base_url}/join?room={code}"
    assert qr_modules(projected_qr(page)) in qr_encodings(link)

    f = Formatter("en", "EUR")
    projector_count = app.metric("Answers received")
    for index, phone in enumerate(PHONES, start=1):
        phone_app = open_phone(browser, stack, phone, link)
        screen = phone_app.page
        assert_fits_the_phone(screen, [screen.get_by_test_id("stSelectbox")])
        expect(screen.get_by_text(code[:3] + "-" + code[3:], exact=True)).to_be_visible()
        if phone.bad_retention is not None and phone.retention is not None:
            answer(phone_app, phone, retention=phone.bad_retention)
            retention_label = field_label(phone.lang, "retention")
            retention_field = number_field(screen, retention_label)
            message = screen.get_by_test_id("stAlert").filter(has_text=retention_label)
            expect(message).to_contain_text(f"{phone.bad_retention}%")
            fix = translate(phone.lang, "classroom.join.fix")
            expect(screen.get_by_test_id("stAlert").filter(has_text=fix)).to_be_visible()
            expect(thank_you(screen, phone.lang)).to_have_count(0)
            # The message sits under its input, above the next one.
            above = retention_field.bounding_box()
            next_label = field_label(phone.lang, "acquisition_cost")
            below = number_field(screen, next_label).bounding_box()
            shown = message.bounding_box()
            assert above and below and shown
            assert above["y"] + above["height"] <= shown["y"] < below["y"]
            assert_fits_the_phone(screen, [retention_field, message])
            type_number(phone_app, retention_label, phone.retention)
            send = translate(phone.lang, "classroom.join.send")
            screen.get_by_role("button", name=send).click()
            expect(message).to_have_count(0)
        else:
            answer(phone_app, phone)
        expect(thank_you(screen, phone.lang)).to_be_visible()
        # The projector is never reloaded: its live fragment brings each answer in; the last
        # one within the acceptance's 3 s from the moment the phone shows it sent.
        deadline = time.monotonic() + PROJECTOR_DEADLINE_MS / 1000
        if index < len(PHONES):
            expect(projector_count).to_have_text(f.number(index))
    expect(projector_count).to_have_text(f.number(len(PHONES)), timeout=remaining_ms(deadline))

    median_clv = statistics.median(clv(phone) for phone in PHONES)
    margin_lost = sum(phone.customers_lost * phone.margin for phone in PHONES)
    shown_clv = app.metric("Median CLV")
    expect(shown_clv).to_have_text(f.money(median_clv), timeout=remaining_ms(deadline))
    shown_lost = app.metric("Margin that walks out per year, whole class")
    expect(shown_lost).to_have_text(f.money(margin_lost), timeout=remaining_ms(deadline))
    assert f.money(median_clv) == "€1,957" and f.money(margin_lost) == "€131,400"  # by hand

    # The retention spread's title carries its median; every chart's title (a figure, then
    # its median) is whole on a 1400-pixel screen (drawn by Plotly: no deadline on drawing).
    # Streamlit keeps a chart replaced by new figures in the page, hidden, until the live
    # fragment's run ends (to reuse it should it come back): only the visible charts count.
    retention = statistics.median(phone.retention_fraction for phone in PHONES)
    title = page.locator(".gtitle", has_text="Annual retention").filter(visible=True)
    expect(title).to_contain_text(f"class median {f.percent(retention)}")
    charts = page.locator(".js-plotly-plot").filter(visible=True)
    expect(charts).to_have_count(6)
    for chart in charts.all():
        assert_inside(chart.locator(".gtitle"), chart)
    app.assert_healthy()

    # The class median becomes the scenario; the story then runs on it.
    use_median = translate("en", "classroom.use_median")
    page.get_by_role("button", name=use_median).click()
    expect(page.get_by_text(translate("en", "classroom.median_used", count="3"))).to_be_visible()
    active = statistics.median(phone.active for phone in PHONES)
    retention = statistics.median(phone.retention_fraction for phone in PHONES)
    cac = statistics.median(phone.cac for phone in PHONES)
    margin = statistics.median(phone.margin for phone in PHONES)
    assert (active, retention, cac, margin) == (400, 0.85, 300, 450)  # none is the example's

    page.get_by_role("button", name=re.compile(r"^Start the story")).click()
    indicator = page.locator(".st-key-present_indicator")
    expect(indicator).to_have_text(f"1 / {COUNT}")
    expect(page.locator(".st-key-present_title h1")).to_have_text("Why retention matters")
    headline = page.locator('.st-key-present_headline [data-testid="stMetricValue"]')
    customer_value = active * margin / (1 + DISCOUNT_RATE - retention)
    expect(headline).to_have_text(f.money(customer_value))
    lost = active * (1 - retention)
    sentence = translate(
        "en",
        "present.steps.why.sentence",
        customers=f.number(active),
        value=f.money(customer_value),
        lost=f.number(lost),
        churn=f.percent(1 - retention),
        margin_lost=f.money(lost * margin),
    )
    expect(page.locator(".st-key-present_sentence")).to_have_text(sentence)
    assert "Your 400 customers are an asset worth €782,609" in sentence  # by hand
    # The step's class numbers hold the class median (margin 450 = revenue 1,500 × 30 %).
    numbers = page.locator(".st-key-present_class")
    expected_inputs = {
        "Active customers": f"{active}",
        "Annual retention (%)": f"{retention * PERCENT:.0f}",
        "Revenue per customer per year": f"{margin / GROSS_MARGIN:.0f}",
    }
    for label, value in expected_inputs.items():
        field = numbers.get_by_test_id("stNumberInput").get_by_label(label, exact=True)
        expect(field).to_have_value(value)

    page.get_by_role("button", name=re.compile(r"^Next")).click()
    expect(indicator).to_have_text(f"2 / {COUNT}")
    expect(headline).to_have_text(f.money(lost * cac))
    assert f.money(lost * cac) == "€18,000"
    app.assert_healthy()
