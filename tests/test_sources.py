"""Sources and methods: every footnote the data use is listed in full and every listed one is used, each
links to pages that show it; every dataset with version, provenance, licence and attribution; the methods;
all generated from the data package (change the package, the page changes)."""

from __future__ import annotations

import copy
import csv
import re

import pandas as pd
import pytest

from src import pages
from src.analysis import sources
from src.data.meta import Meta
from tests.conftest import ROOT, all_text, shows_footnote, static_tables, table_text
from tests.test_pages import charts, open_page, shown

SOURCES_PAGE = "pages/7_Sources_and_methods.py"
LINK = re.compile(r"\[([^\]]+)\]\(<?([^)>]+)>?\)")

PATHS = [page.path for page in pages.ALL]


def footnotes_used_in_data() -> set[int]:
    """Read independently of src/: every number in any 'footnote' column or '*_footnotes' list of any
    CSV in data/, except footnotes.csv itself (the table of the works cited, not a use of them)."""
    used = set()
    for path in sorted((ROOT / "data").glob("*.csv")):
        if path.name == "footnotes.csv":
            continue
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column == "footnote" or column.endswith("_footnotes"):
                        used |= {int(part) for part in (value or "").split(";") if part.strip()}
    return used


@pytest.fixture(scope="module")
def page():
    return open_page(SOURCES_PAGE)


@pytest.fixture(scope="module")
def blocks(page) -> dict[int, str]:
    """The footnote blocks of the page: number -> its Markdown (escapes kept, links intact)."""
    found = {}
    for element in page.markdown:
        for paragraph in element.value.split("\n\n"):  # the list is one element, a paragraph each
            if matched := re.match(r"\*\*fn (\d+)\*\*", paragraph):
                found[int(matched.group(1))] = paragraph
    return found


def text_of(page) -> str:
    parts = [shown(e.value) for kind in ("markdown", "caption", "info") for e in page.get(kind)]
    parts += [table_text(frame.value) for frame in page.dataframe]
    parts += [table_text(frame) for frame in static_tables(page)]  # HTML: each cell's text as read
    return "\n".join(parts)


def test_every_footnote_used_in_data_is_listed_and_every_listed_one_is_used(blocks, page):
    used = footnotes_used_in_data()
    assert used  # the data cite footnotes: an empty set would make this test pass for nothing
    assert set(blocks) == used
    with (ROOT / "data" / "footnotes.csv").open(encoding="utf-8") as handle:
        transcribed = {int(row["footnote"]) for row in csv.DictReader(handle)}
    uncited = sorted(transcribed - used)
    caption = " ".join(shown(c.value) for c in page.caption)
    assert ", ".join(f"fn {n}" for n in uncited) + ": no row of the data package cites them" in caption


def test_the_footnotes_and_the_datasets_are_sent_as_one_element_each(blocks, page):
    """Each element a page sends costs the server a wake-up of its event loop and, with many readers,
    a wait for the interpreter (bench/FINDINGS.md): the long lists are one Markdown element each."""
    holding = [e.value for e in page.markdown if re.search(r"^\*\*fn \d+\*\*", e.value, re.M)]
    assert len(holding) == 1 and len(blocks) > 1
    datasets = [e.value for e in page.markdown if "**The data package** (its own curation)" in e.value]
    assert len(datasets) == 1
    for short_title in ("SIPRI", "Powell", "Cline", "V-Dem"):
        assert short_title in shown(datasets[0])


def test_each_footnote_is_given_in_full(blocks, tables):
    references = tables["footnotes"]
    for number, block in blocks.items():
        text = shown(block)
        rows = references[references["footnote"].eq(number)]
        assert len(rows), f"fn {number} is not transcribed"
        for row in rows.itertuples():
            for part in (row.authors, row.title, row.outlet, row.details, row.remark):
                if isinstance(part, str):
                    assert part in text, (number, part)
            if pd.notna(row.same_as_footnote):  # 'Ibid.': the work it repeats, in full
                repeated = references[references["footnote"].eq(row.same_as_footnote)]
                assert all(title in text for title in repeated["title"].dropna()), number


def test_footnote_links_lead_to_pages_that_show_the_footnote(blocks):
    """Every page a footnote links to exists and, opened as linked, shows that footnote's number."""
    urls = {sources.page_url(path): path for path in PATHS}
    linked_pages: dict[str, set[int]] = {}
    for number, block in blocks.items():
        for _, target in LINK.findall(block):
            path, _, query = target.partition("?")
            path = "" if path == "./" else path
            assert path in urls, (number, target)
            if query:  # a country profile: checked for every country in tests/test_profile.py
                assert urls[path] == sources.PROFILE and re.fullmatch(r"country=[A-Z_]+", query), target
            else:
                linked_pages.setdefault(urls[path], set()).add(number)
    assert linked_pages  # links were found
    for path, numbers in linked_pages.items():
        at = open_page(None if path == "app.py" else path)
        text = text_of(at) + "\n".join(all_text(spec) for spec in charts(at))
        text += " ".join(shown(m.label) + " " + shown(m.value) for m in at.metric)
        missing = [n for n in sorted(numbers) if not shows_footnote(text, n)]
        assert not missing, f"{path} does not show footnotes {missing}"


def test_every_table_that_cites_footnotes_says_where_it_is_shown(tables):
    """A new report table with a footnote column must say which pages show it, or it goes unlinked."""
    for name, table in tables.items():
        if any(c == "footnote" or c.endswith("_footnotes") for c in table.columns):
            assert name in sources.CITED_ON or name in (sources.REMARKS, sources.REFERENCES), name
    assert set(p for pages in sources.CITED_ON.values() for p in pages) <= set(PATHS)


def test_every_dataset_with_version_provenance_licence_and_attribution(page, meta):
    text = text_of(page)
    for source in meta.sources.values():
        assert source.short_title in text and source.version in text, source.id
        for said in (source.attribution, source.note):
            if said:
                assert said in text, (source.id, said)
    for resource in meta.resources.values():
        for licence in resource.get("licenses", []):
            assert licence["title"] in text, resource["name"]
    assert (
        "Reconstructed file" in meta.source("powell-thyne").note
    )  # the P&T file says so, and so does the page
    natural_earth = meta.source("natural-earth")
    assert natural_earth.note and "MIT" in natural_earth.note and natural_earth.note in text
    for licence in meta.descriptor["licenses"]:
        assert licence["title"] in text


def test_methods_in_short(page, meta, tables):
    text = text_of(page)
    assert meta.source("sipri").note in text  # what TIV measures
    assert "Share definition used throughout the app" in text
    assert meta.method("coupsCounted") in text and meta.method("regimeWords") in text
    assert "Egypt: In Africa (geographic), not in Africa (SIPRI)." in text
    regime = [f for f in meta.resources["regime_type"]["schema"]["fields"] if f["name"] == "regime"][0]
    assert regime["description"] in text  # the four Regimes of the World categories


def test_the_page_is_generated_from_the_package(meta, tables):
    """Change the descriptor and the tables: the datasets, methods and footnotes follow."""
    descriptor = copy.deepcopy(meta.descriptor)
    sipri = next(s for s in descriptor["sources"] if s["id"] == "sipri")
    sipri["version"], sipri["note"] = "trade register generated 1 Jan 2031", "TIV: a changed note."
    changed = Meta(descriptor)
    dataset = next(d for d in sources.datasets(changed) if d.source.id == "sipri")
    assert dataset.source.version == "trade register generated 1 Jan 2031"
    assert ("What TIV measures", "TIV: a changed note.") in sources.methods(changed, tables["countries"])

    cited = dict(tables)
    cited["report_exercises"] = tables["report_exercises"].assign(
        footnote=pd.array([112, 109], dtype="Int64")
    )
    listed = {f.number for f in sources.footnote_list(cited, list(PATHS))}
    assert 109 in listed and 109 not in sources.uncited_references(cited)
    assert 109 not in {f.number for f in sources.footnote_list(tables, list(PATHS))}


def test_dataset_addresses_are_links_that_paste_whole(page, meta):
    """Each dataset's address is a Markdown link to exactly that address, its text the address
    itself without the scheme: nothing invisible in it (no word joiner), so a copied address works."""
    markdown = "\n".join(e.value for e in page.markdown)
    targets = {target for _, target in LINK.findall(markdown)}
    for source in meta.sources.values():
        if source.path and source.path.startswith("http"):
            assert source.path in targets, source.id
    assert "\u2060" not in markdown + "\n".join(shown(c.value) for c in page.caption)


def test_contents_list_links_every_section(page):
    """The contents at the top link to every section heading's anchor, in the page's order."""
    (contents,) = [e.value for e in page.markdown if e.value.startswith("**On this page:**")]
    anchors = [h.proto.anchor for h in page.subheader]
    assert anchors and all(anchors)
    assert [target.removeprefix("#") for _, target in LINK.findall(contents)] == anchors
    assert [shown(label) for label, _ in LINK.findall(contents)] == [shown(h.value) for h in page.subheader]


def test_no_footnote_is_left_without_a_page(blocks):
    """fn 123 (Russia stepping in after Western cuts) and fn 141 (the 'race to the bottom') are claims the
    data cannot test: the Report vs data page lists them with the reason, so none says 'no page'."""
    for number in (123, 141):
        assert f"[Report vs data]({sources.page_url(sources.REPORT_VS_DATA)})" in blocks[number]
    assert not [n for n, block in blocks.items() if "no page" in block]
