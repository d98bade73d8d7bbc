"""The pages of the app, in menu order. Each page's address is its file's stem
(``/loyalty_profit``): short, readable, and stable for the links people share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PageInfo:
    file: str
    title_key: str
    icon: str

    @property
    def path(self) -> str:
        # Absolute, so the app also runs when started from another folder (the AppTest entry).
        return str(ROOT / self.file)


OVERVIEW = PageInfo("pages/overview.py", "page.overview", "🏠")
ACQUISITION = PageInfo("pages/acquisition_vs_retention.py", "page.acquisition", "🧲")
WORD_OF_MOUTH = PageInfo("pages/word_of_mouth.py", "page.word_of_mouth", "📣")
LOYALTY = PageInfo("pages/loyalty_profit.py", "page.loyalty", "💎")
EXPECTATIONS = PageInfo("pages/expectations_gap.py", "page.expectations", "🎯")
YOUR_DATA = PageInfo("pages/your_data.py", "page.your_data", "📈")
PRESENT = PageInfo("pages/present.py", "page.present", "🎓")
SCENARIOS = PageInfo("pages/scenarios.py", "page.scenarios", "🗂️")
# A participant's page in a live class: reached by the room's link (QR code), not by the menu.
JOIN = PageInfo("pages/join.py", "page.join", "📱")


def url_path(page: PageInfo) -> str:
    """A page's address: its file's stem (``pages/join.py`` → ``join``)."""
    return Path(page.file).stem


def sidebar_state(path: str) -> Literal["collapsed", "auto"]:
    """Trainer mode is projected and the join page is read on a phone: they open with the
    sidebar collapsed, the others as usual.

    >>> sidebar_state("present"), sidebar_state("join"), sidebar_state("overview")
    ('collapsed', 'collapsed', 'auto')
    """
    return "collapsed" if path in (url_path(PRESENT), url_path(JOIN)) else "auto"


PAGES: tuple[PageInfo, ...] = (
    OVERVIEW,
    ACQUISITION,
    WORD_OF_MOUTH,
    LOYALTY,
    EXPECTATIONS,
    YOUR_DATA,
    PRESENT,
    SCENARIOS,
)
