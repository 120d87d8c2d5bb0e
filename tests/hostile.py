"""Hostile input shared by the fuzz and injection tests: payloads that would act as Markdown, HTML,
KaTeX, a Streamlit colour tag or Plotly's HTML subset if a page rendered them, a corrupted copy of
the data package carrying them in every text field, and checks that a rendered element shows
them as plain text."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from src.data.text import WORD_JOINER
from tests.conftest import ROOT

# Hosts no test may reach: the browser test blocks every request and checks none went here.
EVIL, TRACKER = "evil.example", "tracker.example"

# One piece per kind of markup, each wrapping a marker word, so a check can tell which one acted.
PAYLOAD_PARTS = {
    "link": f"[injlink](http://{EVIL}/link)",
    "image": f"![injimage](http://{TRACKER}/image.png)",
    "html image": f'<img src="http://{TRACKER}/img.png" onerror="alert(\'injonerror\')">',
    "html link": f'<a href="http://{EVIL}/anchor">injanchor</a>',
    "html bold": "<b>injhtml</b>",
    "script": "<script>alert('injscript')</script>",
    "bold": "**injbold**",
    "emphasis": "_injem_",
    "code": "`injcode`",
    "strikethrough": "~~injdel~~",
    "math": "$injmath$",
    "colour": ":red[injred]",
    "emoji": ":skull:",
    "entity": "&amp;&#60;injentity&#62;",
    "autolink": f"www.{EVIL} injmail@{EVIL}",
    "backslash": "\\*injescaped\\*",
    "heading": "\n# injhead",
    "list": "\n- injlist",
    "quote": "\n> injquote",
    "indented code": "\n\n    injindent",
    "table": "\n| injtable | x |\n|---|---|",
    "invisible and right to left": "inj\u200bzero \u0645\u0631\u062d\u0628\u0627",
}
PAYLOAD = " ".join(PAYLOAD_PARTS.values())
# Shorter, for text repeated in every chart (country names): the parts Plotly and Markdown act on.
SHORT_PAYLOAD = " ".join(PAYLOAD_PARTS[k] for k in ("html link", "html bold", "link", "colour"))
MARKERS = ("injlink", "injimage", "injanchor", "injhtml", "injbold", "injhead")

# Each construct of the payload unescaped: if a Markdown body contains one, the page did not
# escape it. (An escaped body has a backslash before each of these characters.)
_ACTIVE = [
    re.escape(f"[injlink](http://{EVIL}"),
    re.escape("![injimage]"),
    r"(?<!\\)<img\b",
    r"(?<!\\)<a\b",
    r"(?<!\\)<b>",
    r"(?<!\\)<script\b",
    re.escape("**injbold**"),
    r"(?<!\\)_injem",
    r"(?<!\\)`injcode",
    r"(?<!\\)~injdel",
    r"(?<!\\)\$injmath",
    r"(?<!\\):red",
    r"(?<!\\):skull",
    r"(?<!\\)&amp;",
    r"(?<!\\)&#60;",
    re.escape(f"www.{EVIL}"),
    re.escape(f"@{EVIL}"),
    r"(?<!\\)\\\*injescaped",
    r"(?<!\\)# injhead",
    r"(?<!\\)- injlist",
    r"(?<!\\)> injquote",
    r"\n\s*\n {4}injindent",
    r"(?<!\\)\| injtable",
]
ACTIVE = re.compile("|".join(f"(?:{a})" for a in _ACTIVE))

_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Tags our own Markdown produces (bold labels, lists, line breaks); anything else came from data.
_OUR_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.stack: list[str] = []
        self.marked: list[tuple[str, tuple[str, ...]]] = []  # marker text and the tags around it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag not in ("br", "img", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        # The payload's own markup would wrap exactly its marker word; our bold may wrap escaped data.
        if data.strip() in MARKERS:
            self.marked.append((data.strip(), tuple(self.stack)))


# A link of our own to another page of the app (the Sources page links each footnote to the pages
# that show it): relative, a page's URL path and at most a query string. Data text cannot form one:
# it is escaped.
_PAGE_LINK = re.compile(r"\./|#[a-z-]+|[A-Z][A-Za-z_]*(\?[\w=,&%.-]*)?")  # ./ is the Overview; #x a heading
# The addresses the data package gives for its sources (the Sources page links each): stated by
# the package's curators, not data text (the payload is never put in a source's path).
_SOURCE_ADDRESSES = {
    s["path"]
    for s in json.loads(
        (Path(__file__).resolve().parents[1] / "data" / "datapackage.json").read_text("utf-8")
    )["sources"]
    if str(s.get("path", "")).startswith("http")
}


def _internal(href: str | None) -> bool:
    return bool(href) and (_PAGE_LINK.fullmatch(href) is not None or href in _SOURCE_ADDRESSES)


def render(markdown: str) -> str:
    """CommonMark (with GFM tables and strikethrough) as HTML: what a Markdown body becomes."""
    return _MARKDOWN.render(markdown)


# GitHub-flavoured Markdown links bare URLs and e-mail addresses in the text as read (escapes
# resolved), which CommonMark renderers do not show: looked for in the rendered text.
AUTOLINK = re.compile(r"(?i)(?:https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+")


def markup_problems(markdown: str) -> list[str]:
    """Ways a Markdown body lets the payload act: an unescaped construct, a tag other than ours,
    a marker word inside a tag the payload asked for, or a bare URL or address GitHub-flavoured
    Markdown would link. Empty when the body is safe."""
    problems = [f"unescaped {m.group()!r}" for m in ACTIVE.finditer(markdown)]
    # (An href is no autolink: a link's target is checked with its tag below.)
    body = re.sub(r'\shref="[^"]*"', "", render(markdown))
    problems += [f"autolink {m.group()!r}" for m in AUTOLINK.finditer(html.unescape(body))]
    parser = _Tags()
    parser.feed(render(markdown))
    problems += [
        f"<{tag}> in the rendered body"
        for tag, attrs in parser.tags
        if tag not in _OUR_TAGS and not (tag == "a" and _internal(dict(attrs).get("href")))
    ]
    problems += [
        f"{marker} made into <{stack[-1]}>"
        for marker, stack in parser.marked
        if stack[-1:] not in [("p",), ("li",)]
    ]
    return sorted(set(problems))


def rendered_text(markdown: str) -> str:
    """The text a reader sees of a one-paragraph Markdown body (word joiners are invisible)."""
    return html.unescape(re.sub(r"<[^>]+>", "", render(markdown))).replace(WORD_JOINER, "").strip()


# Plotly draws a small HTML subset in every text (titles, hover, legend, annotations).
PLOTLY_ACTIVE = re.compile(r"<a\s+href|<img\b|<b>injhtml|<script\b", re.I)  # the payload's tags, unescaped


def plotly_problems(spec: Any, path: str = "") -> list[str]:
    """Every text in a figure spec where the payload's tags reach Plotly unescaped, by JSON path."""
    if isinstance(spec, dict):
        return [p for key, value in spec.items() for p in plotly_problems(value, f"{path}.{key}")]
    if isinstance(spec, list):
        return [p for i, value in enumerate(spec) for p in plotly_problems(value, f"{path}[{i}]")]
    if isinstance(spec, str) and "inj" in spec and PLOTLY_ACTIVE.search(spec):
        return [path]
    return []


# A corrupted copy of the data package ---------------------------------------------------------------

# Text fields left alone: they join tables or are matched by name in the code (a supplier's SIPRI
# spelling, an organization's membership list), so changing them tests the join, not the escaping.
_JOIN_FIELDS = {("report_arms_supplier_claims", "supplier"), ("report_organization_claims", "organization")}


def text_fields(resource: dict[str, Any]) -> list[str]:
    """The free-text string fields of a resource: no enum or pattern, not a key or an id."""
    schema = resource["schema"]
    keys = schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    foreign = {
        name
        for fk in schema.get("foreignKeys", [])
        for name in ([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"])
    }
    return [
        f["name"]
        for f in schema["fields"]
        if f.get("type", "string") == "string"
        and not {"enum", "pattern", "unique"} & set(f.get("constraints", {}))
        and f["name"] not in keys
        and f["name"] not in foreign
        and not f["name"].endswith("_id")
        and (resource["name"], f["name"]) not in _JOIN_FIELDS
    ]


def corrupted_copy(folder: Path, payload: str = PAYLOAD) -> Path:
    """data/ copied to `folder` with the payload added to every free-text cell of the report's
    tables and footnotes and to the descriptor's source titles, versions and notes, and the short
    payload to every country's name. The copy passes every check of the loader."""
    shutil.copytree(ROOT / "data", folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        name = resource["name"]
        if name.startswith("report_") or name == "footnotes":
            fields = text_fields(resource)
        elif name == "countries":
            fields = ["name"]
        else:
            fields = []
        if fields:
            _add_to_cells(
                folder / resource["path"], fields, SHORT_PAYLOAD if name == "countries" else payload
            )
    for source in [
        *descriptor.get("sources", []),
        *(s for r in descriptor["resources"] for s in r.get("sources", [])),
    ]:
        for key in ("title", "shortTitle", "version", "attribution", "note"):
            if key in source:
                source[key] = f"{source[key]} {payload}"
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return folder


def _add_to_cells(path: Path, fields: list[str], payload: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for field in fields:
            row[field] = f"{row[field]} {payload}" if row[field] else payload
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
