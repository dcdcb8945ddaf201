"""Markdown written by members, rendered to HTML that is safe to show to everyone else.

Rendering and sanitising are one step: Markdown is converted with the standard library's safe
subset, then bleach keeps only an allow-list of tags and attributes (no script, style, iframe or
event handlers; links only to http(s) and mailto, and always rel="nofollow noopener").
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

import bleach
import markdown as md
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_TAG = re.compile(r"<[^>]*>")


Attributes = MutableMapping[tuple[str | None, str], str]


def _nofollow(attrs: Attributes, new: bool = False, /) -> Attributes:
    """Every link leaves qnet without passing on ranking or the opener window."""
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


_linker = Linker(callbacks=[_nofollow])


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML; raw HTML in the input is escaped or stripped, never executed."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    clean = bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                         protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True)
    return _linker.linkify(clean)


def plain_text(text: str) -> str:
    """The words of a Markdown text without markup, for embedding and full-text search."""
    return html_words(render_markdown(text))


def html_words(html: str) -> str:
    """The words of HTML from render_markdown (a caller that has rendered already need not again)."""
    words = _TAG.sub(" ", html)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        words = words.replace(entity, char)
    return " ".join(words.split())
