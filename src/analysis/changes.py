"""What an update of the data changed: each re-derived table's rows, each headline figure and each claim
verdict before and after, as rows of the change record (the data package's `updates` table); the
last update and the data's years against the report's, for the pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from src.analysis import arms, overview
from src.analysis import claims as report_claims
from src.data.meta import REPORT, Meta
from src.data.text import window_label

RECORD = "updates"  # the change record's resource in the data package
COLUMNS = ["update", "date", "section", "subject", "label", "measure", "before", "after", "detail"]
DATASET, TABLE, HEADLINE, CLAIM = "dataset", "table", "headline", "claim"
SECTIONS = (DATASET, TABLE, HEADLINE, CLAIM)
# Measures, as the record names them.
VERSION, YEARS, FILE, NOTE = "version", "years", "file", "note"
ROWS, ADDED, REMOVED, CHANGED = "rows", "rows added", "rows removed", "rows changed"
VALUE, VERDICT = "value", "verdict"
_PERIOD = re.compile(r", \d{4}(–\d{4})?$")  # a card label's period ("Russia's share, 2019–2023")
ROWS_LISTED = 20  # rows added, removed or changed listed one by one; more are counted by year
# How a row of a table is named in the record (its key otherwise): the first of the column sets all of
# whose values the row has. An event only the Cline Center records has no P&T country, date or outcome.
ROW_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "coup_events": (("pt_country", "date", "outcome"), ("iso3", "cline_date", "cline_event_type")),
}
# A table's other date field, for a row without the first (counted by year).
OTHER_YEAR_FIELD = {"coup_events": "cline_date"}


@dataclass(frozen=True)
class State:
    """One state of the data package, as the change record compares it: its tables, its descriptor,
    and what the app says from them (the overview's headline figures, the claims' verdicts)."""

    tables: Mapping[str, pd.DataFrame]
    meta: Meta
    headlines: pd.DataFrame  # key, label, text
    verdicts: pd.DataFrame  # subject, label, verdict (and joint_window where the API gives one)


@dataclass(frozen=True)
class DatasetUpdate:
    """One dataset an update read a new file of."""

    dataset: str  # the source's id in the data package
    file: str  # the file's name and checksum
    note_replaced: bool = False  # the source's note described the file it replaced


def headline_texts(tables: Mapping[str, pd.DataFrame], view: pd.DataFrame, meta: Meta) -> pd.DataFrame:
    """Each overview card as one sentence ('24.5% of Africa's imports of major arms, 2019–2023'), by
    its stable key, with its label less the period (which an update may move)."""
    cards = overview.headlines(tables, view, meta)
    return pd.DataFrame(
        {
            "key": [c.key or c.label for c in cards],
            "label": [_PERIOD.sub("", c.label) for c in cards],
            "text": [f"{c.value} {c.what}".strip() for c in cards],
        }
    )


def claim_verdicts(tables: Mapping[str, pd.DataFrame], view: pd.DataFrame, meta: Meta) -> pd.DataFrame:
    """Each verdict the Report vs data page gives (they do not depend on the window a reader picks):
    each arms claim's verdict by robustness, each footnote's joint check under each reading (in how many
    windows all its claims hold together), each regime characterization's verdict. The one place the
    change record reads the verdicts API: a reworked API is pointed at here."""
    evidence = report_claims.claim_evidence(
        tables["report_arms_supplier_claims"], view, tables["countries"], meta
    )
    found = report_claims.findings(tables, evidence, meta)
    table = found.verdicts
    arms_part = pd.DataFrame(
        {
            "subject": table["claim_id"].astype(str),
            "label": [
                f"fn {f}: {n}, {c}"
                for f, n, c in zip(table["footnote"], table["name"], table["claim"], strict=True)
            ],
            "verdict": [report_claims.verdict_sentence(row) for _, row in table.iterrows()],
        }
    )
    joint = found.joint
    joint_part = pd.DataFrame(
        {
            "subject": [
                f"fn{f}-together-{r}" for f, r in zip(joint["footnote"], joint["reading"], strict=True)
            ],
            "label": [
                f'fn {f}: its {n} claims together, read as "{label}"'
                for f, n, label in zip(
                    joint["footnote"], joint["claims"], joint["reading_label"], strict=True
                )
            ],
            "verdict": [
                f"hold together in {len(w)} of {t} windows with enough volume"
                for w, t in zip(joint["windows"], joint["windows_tried"], strict=True)
            ],
        }
    )
    regimes = found.regime
    regime_part = pd.DataFrame(
        {
            "subject": regimes["claim_id"].astype(str),
            "label": [
                f"fn {f}: {g}" for f, g in zip(regimes["footnote"], regimes["group_label"], strict=True)
            ],
            "verdict": regimes["verdict"].astype(str),
        }
    )
    return pd.concat([arms_part, joint_part, regime_part], ignore_index=True)


def state(tables: Mapping[str, pd.DataFrame], meta: Meta) -> State:
    view = arms.transfers_view(tables, meta.region_flags())
    return State(tables, meta, headline_texts(tables, view, meta), claim_verdicts(tables, view, meta))


# Years ------------------------------------------------------------------------------------------------


def _span(span: tuple[int, int] | None) -> str:
    return window_label(*span) if span else ""


def dataset_years(meta: Meta, source_id: str) -> tuple[int, int] | None:
    """The years a dataset covers: its own coverage where the descriptor records it, else the span of
    the tables derived from it."""
    source = meta.sources.get(source_id)
    if source is not None and source.coverage:
        return source.coverage
    spans = [
        meta.coverage(name)
        for name, resource in meta.resources.items()
        if resource.get("coverage") and any(s.get("id") == source_id for s in resource.get("sources", []))
    ]
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def derived_from(meta: Meta, source_ids: Iterable[str]) -> list[str]:
    """The tables derived from any of these datasets, in the descriptor's order (the change record,
    which names them as what it records, is not derived from them)."""
    wanted = set(source_ids)
    return [
        name
        for name, resource in meta.resources.items()
        if name != RECORD and any(s.get("id") in wanted for s in resource.get("sources", []))
    ]


# Table rows -------------------------------------------------------------------------------------------


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text, missing as '' (so a missing value equals a missing value)."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        dated = pd.api.types.is_datetime64_any_dtype(values)
        text = values.dt.strftime("%Y-%m-%d") if dated else values.astype("string")
        out[column] = text.fillna("").astype(str)
    return out


def _row_names(frame: pd.DataFrame, table: str, key: Sequence[str]) -> list[str]:
    choices = [c for c in ROW_WORDS.get(table, ()) if set(c) <= set(frame.columns)] + [tuple(key)]
    names = []
    for _, row in frame.iterrows():
        columns = next(c for c in choices if all(str(row[name]) for name in c) or c == tuple(key))
        names.append(", ".join(str(row[name]) for name in columns))
    return names


def _rows_detail(frame: pd.DataFrame, table: str, key: Sequence[str], year_field: str | None) -> str:
    """The rows themselves when they are few; else their count by year (or their first ones)."""
    if frame.empty:
        return ""
    if len(frame) <= ROWS_LISTED or not year_field:
        names = _row_names(frame.head(ROWS_LISTED), table, key)
        more = f"; and {len(frame) - ROWS_LISTED} more" if len(frame) > ROWS_LISTED else ""
        return "; ".join(names) + more
    dates = frame[year_field]
    other = OTHER_YEAR_FIELD.get(table)
    if other in frame.columns:
        dates = dates.where(dates.ne(""), frame[other])
    years = dates.str[:4].value_counts().sort_index()
    return "by year: " + ", ".join(f"{year}: {n}" for year, n in years.items())


def table_changes(
    table: str,
    before: pd.DataFrame | None,
    after: pd.DataFrame,
    key: Sequence[str],
    year_field: str | None = None,
) -> dict[str, tuple[int, str]]:
    """Rows added, removed and changed (same key, another value), each as (count, detail). Changed rows'
    detail also names the columns that changed and how many times."""
    new = _as_text(after).set_index(list(key), drop=False)
    old = _as_text(before if before is not None else after.iloc[0:0]).set_index(list(key), drop=False)
    added = new[~new.index.isin(old.index)]
    removed = old[~old.index.isin(new.index)]
    common = new.index[new.index.isin(old.index)]
    columns = [c for c in new.columns if c in old.columns and c not in key]
    differs = new.loc[common, columns].ne(old.loc[common, columns])
    changed = new.loc[common][differs.any(axis=1).to_numpy()]
    detail = _rows_detail(changed, table, key, year_field)
    if len(changed):
        counts = differs.sum()
        columns_changed = ", ".join(f"{c}: {int(n)}" for c, n in counts[counts > 0].items())
        detail = f"in {columns_changed}; {detail}"
    return {
        ADDED: (len(added), _rows_detail(added, table, key, year_field)),
        REMOVED: (len(removed), _rows_detail(removed, table, key, year_field)),
        CHANGED: (len(changed), detail),
    }


# The record -------------------------------------------------------------------------------------------


def _last_file(record: pd.DataFrame | None, dataset: str) -> str:
    """The file the last update recorded for a dataset ('' if none did)."""
    if record is None or record.empty:
        return ""
    rows = record[record["section"].eq(DATASET) & record["subject"].eq(dataset) & record["measure"].eq(FILE)]
    if rows.empty:
        return ""
    value = rows.sort_values("update")["after"].iloc[-1]
    return "" if pd.isna(value) else str(value)


def _compare(
    before: pd.DataFrame | None, after: pd.DataFrame, key: str, columns: dict[str, str]
) -> list[dict[str, str]]:
    """before × after on `key`: one row per key and measure (column → measure), in after's order and
    then the keys only before has."""
    empty = pd.DataFrame(columns=after.columns)
    old = (before if before is not None else empty).set_index(key)
    new = after.set_index(key)
    keys = list(dict.fromkeys([*new.index, *old.index]))
    out = []
    for subject in keys:
        label = new.at[subject, "label"] if subject in new.index else old.at[subject, "label"]
        for column, measure in columns.items():
            if column not in new.columns and column not in old.columns:
                continue
            was = old.at[subject, column] if subject in old.index and column in old.columns else ""
            now = new.at[subject, column] if subject in new.index and column in new.columns else ""
            out.append({"subject": subject, "label": label, "measure": measure, "before": was, "after": now})
    return out


def record_rows(
    number: int,
    day: date,
    updated: Sequence[DatasetUpdate],
    before: State | None,
    after: State,
    tables: Sequence[str],
    record: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The change record's rows for one update: each dataset read anew (version, years, file and, where
    it described the file replaced, note), each re-derived table (rows, years; rows added, removed
    and changed), each headline figure and each claim verdict, before and after. `before` is None for
    the record's first entry (the package as first derived). `record`: the entries so far."""
    rows: list[dict[str, object]] = []

    def add(section: str, subject: str, label: str, measure: str, was: object, now: object, detail: str = ""):
        rows.append(
            {"section": section, "subject": subject, "label": label, "measure": measure,
             "before": "" if was is None else str(was), "after": "" if now is None else str(now),
             "detail": detail}
        )  # fmt: skip

    old_meta = before.meta if before else None
    for item in updated:
        source = after.meta.source(item.dataset)
        was = old_meta.sources.get(item.dataset) if old_meta else None
        add(DATASET, item.dataset, source.short_title, VERSION, was.version if was else "", source.version)
        old_years = dataset_years(old_meta, item.dataset) if old_meta else None
        add(DATASET, item.dataset, source.short_title, YEARS, _span(old_years),
            _span(dataset_years(after.meta, item.dataset)))  # fmt: skip
        add(DATASET, item.dataset, source.short_title, FILE, _last_file(record, item.dataset), item.file)
        if item.note_replaced:
            add(DATASET, item.dataset, source.short_title, NOTE, was.note if was else "", source.note)
    for name in tables:
        resource = after.meta.resources[name]
        title = str(resource.get("title", name))
        old_table = before.tables.get(name) if before else None
        add(TABLE, name, title, ROWS, "" if old_table is None else len(old_table), len(after.tables[name]))
        coverage = resource.get("coverage")
        if coverage:
            old_span = old_meta.coverage(name) if old_meta and name in old_meta.resources else None
            add(TABLE, name, title, YEARS, _span(old_span), _span(after.meta.coverage(name)))
        key = resource["schema"]["primaryKey"]
        key = [key] if isinstance(key, str) else list(key)
        changes = table_changes(name, old_table, after.tables[name], key, coverage and coverage["field"])
        for measure, (count, detail) in changes.items():
            add(TABLE, name, title, measure, "", count, detail)
    for row in _compare(before.headlines if before else None, after.headlines, "key", {"text": VALUE}):
        add(HEADLINE, row["subject"], row["label"], row["measure"], row["before"], row["after"])
    measures = {"verdict": VERDICT}
    for row in _compare(before.verdicts if before else None, after.verdicts, "subject", measures):
        add(CLAIM, row["subject"], row["label"], row["measure"], row["before"], row["after"])
    frame = pd.DataFrame(rows, columns=COLUMNS[2:])
    frame.insert(0, "date", day.isoformat())
    frame.insert(0, "update", number)
    return frame


def next_number(record: pd.DataFrame | None) -> int:
    return 1 if record is None or record.empty else int(record["update"].max()) + 1


# For the pages ----------------------------------------------------------------------------------------


def last_update(record: pd.DataFrame) -> pd.DataFrame:
    """The rows of the record's last entry (empty texts as '')."""
    entry = record[record["update"].eq(record["update"].max())] if len(record) else record
    texts = ["section", "subject", "label", "measure", "before", "after", "detail"]
    return entry.assign(**{c: entry[c].astype("string").fillna("") for c in texts}).reset_index(drop=True)


def is_first_entry(entry: pd.DataFrame) -> bool:
    """Whether an entry is the record's first: the package as first derived, with nothing before it."""
    versions = entry[entry["section"].eq(DATASET) & entry["measure"].eq(VERSION)]
    return bool(len(versions)) and versions["before"].fillna("").eq("").all()


def _day(value: object) -> str:
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def entry_summary(entry: pd.DataFrame) -> list[str]:
    """The entry in a few sentences: when, which datasets moved from which version to which, and how
    many headline figures and verdicts changed."""
    if entry.empty:
        return ["The change record is empty."]
    when = _day(entry["date"].iloc[0])
    datasets = entry[entry["section"].eq(DATASET)]
    versions = datasets[datasets["measure"].eq(VERSION)]
    years = datasets[datasets["measure"].eq(YEARS)].set_index("subject")
    if is_first_entry(entry):
        listed = "; ".join(
            f"{r.label}, {r.after}"
            + (f" ({years.at[r.subject, 'after']})" if r.subject in years.index else "")
            for r in versions.itertuples()
        )
        return [
            f"The change record starts on {when} with the data as first derived ({listed}). "
            "No update since: the figures below are the first ones recorded."
        ]
    lines = [f"Update {int(entry['update'].iloc[0])}, {when}."]
    for r in versions.itertuples():
        span = ""
        if r.subject in years.index:
            was, now = years.at[r.subject, "before"], years.at[r.subject, "after"]
            span = f"; years {was} → {now}" if was != now else f"; years {now}"
        lines.append(f"{r.label}: {r.before} → {r.after}{span}.")
    for section, what in ((HEADLINE, "headline figures"), (CLAIM, "claim verdicts")):
        part = entry[entry["section"].eq(section)]
        moved = int(part["before"].fillna("").ne(part["after"].fillna("")).sum())
        lines.append(f"{moved} of {len(part)} {what} changed.")
    return lines


READ_AS_LINES = (HEADLINE, CLAIM)  # sections whose changes a page lists as sentences
ENTRY_PARTS = (
    (DATASET, "Datasets read anew"),
    (TABLE, "Tables derived from them"),
    (HEADLINE, "Headline figures (Overview)"),
    (CLAIM, "Claim verdicts (Report vs data, in its default window)"),
)


def entry_table(entry: pd.DataFrame, section: str) -> pd.DataFrame:
    """One section of an entry for reading: what, the measure, before, after (and the rows behind a
    table's counts), changed ones first."""
    part = entry.loc[entry["section"].eq(section), ["label", "measure", "before", "after", "detail"]]
    part = part.astype("string").fillna("")
    counts = part["measure"].isin([ADDED, REMOVED, CHANGED])  # a count of rows: changed unless 0
    changed = counts & part["after"].ne("0") | ~counts & part["before"].ne(part["after"])
    table = pd.DataFrame(
        {
            "What": part["label"],
            "Measure": part["measure"],
            "Before": part["before"],
            "After": part["after"],
            "Changed": ["yes" if c else "" for c in changed],
        }
    )
    if section == TABLE:
        table["Detail"] = part["detail"]
    if section in (HEADLINE, CLAIM):
        table = table.assign(_order=~changed.to_numpy()).sort_values("_order", kind="stable")
        table = table.drop(columns="_order")
    return table.reset_index(drop=True)


def changed_lines(entry: pd.DataFrame, section: str) -> list[str]:
    """The headline figures or verdicts an update moved, one line each: 'What: before → after'."""
    table = entry_table(entry, section)
    moved = table[table["Changed"].eq("yes")]
    return [f"{r.What}: {r.Before or '(none)'} → {r.After or '(none)'}" for r in moved.itertuples()]


@dataclass(frozen=True)
class EntryPart:
    """One section of the last entry as a page shows it."""

    section: str
    title: str
    table: pd.DataFrame  # every row, changed ones first (entry_table)
    lines: list[str] | None  # the rows an update moved, as sentences; None: the section reads as a table


@dataclass(frozen=True)
class LastUpdate:
    """The change record's last entry, ready to show: its summary and its non-empty sections."""

    summary: list[str]
    parts: list[EntryPart]


def last_update_view(record: pd.DataFrame) -> LastUpdate:
    """What the Sources page shows of the last update (computed once per data version by the page's
    cache, not on every run). The first entry has nothing before it, so no section reads as lines."""
    entry = last_update(record)
    first = is_first_entry(entry)
    parts = []
    for section, title in ENTRY_PARTS:
        table = entry_table(entry, section)
        if table.empty:
            continue
        lines = changed_lines(entry, section) if section in READ_AS_LINES and not first else None
        parts.append(EntryPart(section, title, table, lines))
    return LastUpdate(entry_summary(entry), parts)


def data_years(meta: Meta) -> dict[str, tuple[int, int]]:
    """Each dataset's years (dataset_years), by source id, for the sources that are not the report and
    have years."""
    out = {}
    for source_id in meta.sources:
        if source_id == REPORT:
            continue
        span = dataset_years(meta, source_id)
        if span:
            out[source_id] = span
    return out


def newer_than_report(meta: Meta, record: pd.DataFrame | None = None) -> str | None:
    """A sentence for the overview when some data cover years the report could not see (its year and
    later), with the last update's date; None when none do."""
    year = meta.report_year
    newer = {s: span for s, span in data_years(meta).items() if span[1] >= year}
    if not newer:
        return None
    listed = "; ".join(f"{meta.source(s).short_title} to {span[1]}" for s, span in newer.items())
    sentence = (
        f"Some data are newer than the report ({meta.source(REPORT).version}), which could see years to "
        f"{year - 1} at most: {listed}. Where the report and the data disagree, both are shown."
    )
    if record is not None and not record.empty:
        entry = last_update(record)
        if not is_first_entry(entry):
            sentence += f" The data were last updated on {_day(entry['date'].iloc[0])}."
    return sentence
