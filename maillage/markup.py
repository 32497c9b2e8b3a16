"""What people write (posts, comments, descriptions) is Markdown; what the pages show is HTML
that cannot carry a script: Markdown without raw HTML, then an allow-list sanitiser."""

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# Headings of user text start at level 3: the page owns h1 and h2.
_HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str) -> SafeString:
    """Markdown to safe HTML: no raw HTML, links only to http(s) and mailto, opened with
    rel="noopener noreferrer nofollow", headings shifted under the page's own."""
    html = _markdown.render(text or "")
    html = _HEADING.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + 2, 6)}>", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 — sanitised by nh3 just above
