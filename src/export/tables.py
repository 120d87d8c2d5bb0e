"""CSV files that open with the chart's provenance as a header block, and how to read them back."""

from __future__ import annotations

import csv
import io

import pandas as pd

from src.export.provenance import Provenance

CSV_MARK = "#"


def csv_with_provenance(table: pd.DataFrame, provenance: Provenance) -> bytes:
    """The table as UTF-8 CSV preceded by a header block that says where it comes from.

    Format (one physical line per row, standard CSV quoting):

        # Title,"China's share of each country's arms imports, 2019–2023"
        # Measure,...
        # Period,2019–2023
        # Filters,Supplier: China; Map: Africa
        # Source,"Source: SIPRI Arms Transfers Database (…)"
        # Versions,SIPRI Arms Transfers Database: generated 3 Jan 2025
        # Link,https://…/Arms_suppliers?scope=africa&…
        # Exported,2026-05-14
        <empty line>
        Country,ISO3,Share (%)
        …

    Each header row has two cells: the field name after '# ', then its value. An empty line ends
    the block; the table follows with its own header row. The file starts with a byte-order mark
    so that Excel reads it as UTF-8 ('–', 'São Tomé'); a spreadsheet shows the block as a few rows
    of label and value above the table. Read it back with read_csv_with_provenance; other tools can
    skip the lines before the first empty line (pandas: skiprows=<block length + 1>).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for name, value in provenance.records():
        writer.writerow([f"{CSV_MARK} {name}", " ".join(str(value).split())])
    out.write("\n")
    table.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode("utf-8-sig")


def read_csv_with_provenance(data: bytes | str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table and its provenance fields from a file written by csv_with_provenance."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    lines = text.split("\n")
    fields: dict[str, str] = {}
    block = 0
    for line in lines:
        if not line.startswith(CSV_MARK):
            break
        name, value = next(csv.reader([line]))
        fields[name.removeprefix(CSV_MARK).strip()] = value
        block += 1
    if block and block < len(lines) and lines[block] == "":
        block += 1
    table = pd.read_csv(io.StringIO("\n".join(lines[block:])))
    return table, fields
