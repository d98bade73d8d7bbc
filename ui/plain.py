"""User text, shown as text: the one way to put on screen what a user typed, a link carried or a
file contained (a business name, a file name, a column name, a cell, a query parameter).

Such text is never markup: no link, image, HTML, icon or formula may come out of it, and no
character in it may reorder or hide what is around it. One function for each kind of place:

- `text`, where Streamlit parses nothing: ``st.text``, select box and multiselect options,
  ``st.dataframe`` cells and headers, ``st.code``, the comparison CSV. It drops the characters
  of `HIDDEN_CHARACTERS` (C0/C1 controls, bidirectional controls), line breaks becoming spaces.
  A whole element of user text is ``st.text(plain.text(...))``, as the sidebar's business name.
- `quoted`, a value quoted inside one of our Markdown messages (a file name, a refused value):
  inline code, cut to `MAX_QUOTED` characters.
- `markdown`, user text read as ordinary words in anything Markdown (a widget, tab or expander
  label, a heading, a caption, a message): every ASCII punctuation character backslash-escaped
  as CommonMark allows, so no link, image, emphasis, raw HTML, ``:red[…]`` directive or ``$``
  formula can start.
- `plotly`, text in a figure (trace names, categories, titles, hovers, annotations): plotly reads
  a subset of HTML (``<a href>``, ``<b>``, ``<br>``), ``$…$`` as LaTeX and ``%{…}`` in templates.
- `file_name`, a name inside a downloaded file's name: an ASCII slug.
- The handout (an HTML file) escapes every text it writes; user text goes through `text` first.

Escapes alone are not enough in Streamlit 1.67 (checked in Chromium by
``tests/e2e/test_hostile_links.py``): after reading them it still finds GFM autolinks
(``https://…``, ``www.…``, ``a@b.c``) and turns ``:material_x:``, ``:streamlit:`` and emoji
shortcodes into icons, by patterns matched in the text. So `markdown` also puts a WORD JOINER
(U+2060, never drawn) before each punctuation character, which none of those patterns can
span; `quoted` needs one only after a colon that starts a word, where Streamlit rewrites
``:material/`` before parsing, even inside inline code.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from calculators.scenario import HIDDEN_CHARACTERS

# Line breaks and tabs become a space (a shown text is one line); other hidden characters go.
LINE_BREAKS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
# CommonMark's ASCII punctuation: every one of them may be backslash-escaped.
MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# A colon followed by a word: where Streamlit rewrites ``:material/`` even inside inline code.
SHORTCODE_START = re.compile(r"(?<=:)(?=[\w+-])")
WORD_JOINER = "\u2060"
MAX_QUOTED = 40
MAX_FILE_NAME = 40
# Plotly reads tags, ``&…;`` references, ``$…$`` as LaTeX and ``%{…}`` in templates: the first
# two are escaped by html.escape, the others become numeric references plotly decodes.
PLOTLY_REFERENCES = str.maketrans({"$": "&#36;", "%": "&#37;"})


def text(value: Any) -> str:
    """`value` as one line of text with no character that reorders or hides what is shown.

    >>> text("Caffè\\u202eRossi\\nMilano")
    'CaffèRossi Milano'
    """
    return HIDDEN_CHARACTERS.sub(
        lambda match: " " if match.group() in LINE_BREAKS else "", str(value)
    )


def markdown(value: Any) -> str:
    r"""`value` for a Markdown element, so that it renders as the very same words.

    >>> print(markdown("![x](http://host/t.png) *big*").replace(WORD_JOINER, ""))
    \!\[x\]\(http\:\/\/host\/t\.png\) \*big\*
    """
    return MARKDOWN_PUNCTUATION.sub(
        lambda match: f"{WORD_JOINER}\\{match.group()}", text(value).strip()
    )


def quoted(value: Any, limit: int = MAX_QUOTED) -> str:
    """`value` as inline code inside a Markdown message, cut to `limit` characters.

    >>> quoted("[Rimborso](https://phish.example)")
    '`[Rimborso](https://phish.example)`'
    >>> quoted("a`b"), quoted("x" * 50) == f"`{'x' * 40}…`"
    ("`a'b`", True)
    """
    shown = text(value).replace("`", "'")
    if len(shown) > limit:
        shown = shown[:limit] + "…"
    return f"`{SHORTCODE_START.sub(WORD_JOINER, shown)}`"


def plotly(value: Any) -> str:
    """`value` for a plotly figure, shown as the same characters and never as a tag or link.

    >>> plotly('<a href="https://phish.example">50% off</a>')
    '&lt;a href="https://phish.example"&gt;50&#37; off&lt;/a&gt;'
    """
    return html.escape(text(value), quote=False).translate(PLOTLY_REFERENCES)


def file_name(value: Any, fallback: str) -> str:
    """`value` as part of a file name: ASCII letters and digits joined by hyphens, at most
    `MAX_FILE_NAME` characters; `fallback` when nothing is left.

    >>> file_name("Caffè Rossi & Figli / ../etc", "scenario")
    'caffe-rossi-figli-etc'
    >>> file_name("‮☕", "scenario")
    'scenario'
    """
    ascii_only = unicodedata.normalize("NFKD", text(value)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")[:MAX_FILE_NAME].strip("-")
    return slug or fallback
