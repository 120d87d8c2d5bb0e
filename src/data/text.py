"""How numbers and periods are written for readers, the same on every page and chart."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote


def window_label(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def pct(value: float) -> str:
    """A share as a reader would say it; tiny non-zero shares are not rounded to 0 %."""
    if value != value:  # NaN
        return "n/a"
    if 0 < value < 0.5:
        return "<0.5%"
    return f"{value:.1f}%" if value < 99.95 else "100%"


def tiv(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


# Every ASCII punctuation character: CommonMark lets a backslash escape any of them, and each one can
# start something in GitHub-flavoured Markdown, KaTeX or Streamlit's directives (links, images,
# emphasis, headings, lists, tables, autolinks like www.x.com or a@b.co, $math$, :red[...], :emoji:).
_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# A line break could start a block (heading, list, quote, indented code): runs of Markdown's
# whitespace become one space, as a browser would show them anyway.
_MARKDOWN_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
# GitHub-flavoured Markdown turns bare URLs and e-mail addresses into links after escapes are read
# (www.x.org, http://x.org, a@x.org), so a backslash cannot stop it: an invisible word joiner
# (U+2060) where such a link would start breaks the pattern and shows nothing.
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)")
WORD_JOINER = "\u2060"
ECHO_LIMIT = 80  # characters of a value from a link shown back in a message


def escape_markdown(text: str) -> str:
    """Text as Streamlit's Markdown shows it literally: every ASCII punctuation character is
    backslash-escaped, line breaks become spaces and bare URLs or e-mail addresses get an invisible
    word joiner, so nothing in it can act as Markdown, HTML, KaTeX, a colour tag or a link.
    Rendered, it reads as the text itself."""
    text = _AUTOLINK_STARTS.sub(WORD_JOINER, _MARKDOWN_WHITESPACE.sub(" ", text))
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def markdown_list(lines: Iterable[str | tuple[str, str]]) -> str:
    """Lines as one Markdown list, each shown literally; a (label, text) pair as "**label**: text".
    One list in one element: a line per element is a list of one item each (loose, and a message
    each to the browser)."""
    return "\n".join(
        f"- {escape_markdown(line)}"
        if isinstance(line, str)
        else f"- **{escape_markdown(line[0])}**: {escape_markdown(line[1])}"
        for line in lines
    )


def echo(value: str, limit: int = ECHO_LIMIT) -> str:
    """A value from a link, quoted for a message: characters that print as nothing or move text
    (controls, zero-width and right-to-left marks) shown as \\u escapes, cut after `limit` shown
    characters with an ellipsis and the full length. Plain text: escape it for Markdown where it
    is shown."""
    shown: list[str] = []
    length = 0
    for char in value:
        piece = char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        if length + len(piece) > limit:
            shown.append(f"… ({len(value):,} characters)")
            break
        shown.append(piece)
        length += len(piece)
    return "'" + "".join(shown) + "'"


def escape_plotly(text: str) -> str:
    """Text as a Plotly title, label, axis category or hover shows it literally. Plotly reads a small
    HTML subset in every text it draws (<a href>, <b>, <br>, <span style>...): with < and > as
    entities no tag is left to act on (Plotly splits tags before it decodes entities, so "&lt;b&gt;"
    is drawn as the text "<b>"). An ampersand is left alone, so "Powell & Thyne" stays as written."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _slug(part: object) -> str:
    """'São Tomé and Príncipe' -> 'sao-tome-and-principe'; (2019, 2023) -> '2019-2023'."""
    if isinstance(part, tuple | list):
        if len(part) == 2 and part[0] == part[1]:
            part = part[0]  # a one-year window is one year
        else:
            return "-".join(s for s in (_slug(p) for p in part) if s)
    ascii_text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_name(*parts: object) -> str:
    """A download's file name (no extension) from the parts of its view, e.g. ('arms', 'share',
    'United States', 2019, 2023) -> 'arms-share-united-states-2019-2023'. Empty parts (None, '', no
    country selected) are left out; ASCII only, so every system and mail client keeps it."""
    slugs = [s for s in (_slug(p) for p in parts if p not in (None, "")) if s]
    return "-".join(slugs) or "chart"


# Words that name a place or a people: a sentence that starts with one keeps its capital when it is
# run into another sentence. Callers add the names their data holds (countries, organizations).
PROPER_WORDS = frozenset(
    "Africa African Africans Asia Asian Europe European America American Americas Arab Sahel Sahelian "
    "Maghreb Soviet Western Eastern Northern Southern Central Middle Gulf Horn Indian Atlantic "
    "Mediterranean Red Russia Russian China Chinese France French United Syria".split()
)
_FIRST_WORD = re.compile(r"[^\s,;:.()]+")


def _is_name(word: str, names: frozenset[str]) -> bool:
    """An acronym (a second capital or a digit: SADC, DR, G5), a known name, or a word with no
    lower-case letter after its first: left exactly as written."""
    bare = word.removesuffix("'s").removesuffix("’s")
    if any(c.isupper() or c.isdigit() for c in bare[1:]):
        return True
    return bare in PROPER_WORDS or bare in names or word in names


def lower_first(text: str, names: Iterable[str] = ()) -> str:
    """A sentence run into another: its first letter lower-cased ('The year before…' -> 'the year
    before…'), unless its first word is an acronym or a name ('SADC…', 'Africa…', 'Syria and Russia…'
    stay). `names`: further names that may open the text (e.g. country names), whole or by first word."""
    match = _FIRST_WORD.match(text)
    if not match:
        return text
    known = frozenset(str(n) for n in names)
    known |= frozenset(str(n).split()[0] for n in known if str(n).split())
    if _is_name(match.group(0), known) or any(text.startswith(n) for n in known if n):
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """A phrase opening a sentence or a label: its first letter capitalised and nothing else touched
    ('member of the actor (SADC)' -> 'Member of the actor (SADC)', never str.capitalize's 'sadc')."""
    return text[:1].upper() + text[1:]


def plural(noun: str) -> str:
    """An English noun, or a phrase ending in one, in the plural: 'closed autocracy' -> 'closed
    autocracies', 'regional organization' -> 'regional organizations', 'coup' -> 'coups'."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 state', '3 states', '6 closed autocracies': a number with its noun agreeing."""
    return f"{n:,} {one if n == 1 else (many or plural(one))}"


_LINK_SCHEMES = ("https://", "http://")


def markdown_link(url: str) -> str:
    """A web address as a Markdown link that works when clicked and reads right when copied: the
    address as its text, less the scheme and any leading 'www.' (so no autolink can start in it),
    backslash-escaped; the target percent-encoded where Markdown or a browser would cut it
    (spaces, brackets, angle brackets, quotes). Anything but an http(s) address, or text an
    autolink could still start in (an '@'), is shown as escaped text, not a link."""
    address = url.strip()
    if not address.lower().startswith(_LINK_SCHEMES) or any(c.isspace() for c in address):
        return escape_markdown(address)
    shown = re.sub(r"(?i)^(?:www\.)+", "", address.split("://", 1)[1]).rstrip("/")
    if "@" in shown or "://" in shown or not shown:
        return escape_markdown(address)
    target = quote(address, safe=":/?#@!$&*+,;=%~-._")  # ( ) [ ] < > ' " and non-ASCII encoded
    label = _ASCII_PUNCTUATION.sub(r"\\\1", shown)
    return f"[{label}]({target})"
