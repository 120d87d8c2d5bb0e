"""Streamlit glue shared by the pages, by concern: page (set-up, URL, section guards, the end of a
page), cache (tables, descriptor and figures built once per process), widgets (bound to the URL) and
charts (figures, summaries, tables, downloads). Pages import this module and stay thin: load, build,
render. This module lists what they use."""

from src.web.cache import (
    Once,
    actor_labels,
    build,
    claim_evidence,
    claim_findings,
    claim_grid,
    country_names,
    coup_view,
    footnote_paragraphs,
    last_update,
    package_meta,
    per_view,
    supplier_mix,
    suppliers,
    tables,
    transfers_view,
)
from src.web.charts import chart, csv_download, is_phone, profile_link, static_table
from src.web.page import APP_TITLE, PROFILE_PAGE, finish, query, read_url, section, set_param, setup_page
from src.web.widgets import clicked_country, country_picker, follow_click, preset_buttons, widget

__all__ = [
    "Once",
    "APP_TITLE",
    "PROFILE_PAGE",
    "setup_page",
    "section",
    "read_url",
    "query",
    "set_param",
    "finish",
    "tables",
    "package_meta",
    "transfers_view",
    "claim_evidence",
    "claim_findings",
    "claim_grid",
    "coup_view",
    "footnote_paragraphs",
    "last_update",
    "suppliers",
    "supplier_mix",
    "actor_labels",
    "country_names",
    "build",
    "per_view",
    "widget",
    "preset_buttons",
    "country_picker",
    "clicked_country",
    "follow_click",
    "chart",
    "static_table",
    "csv_download",
    "profile_link",
    "is_phone",
]
