"""Report vs data: one computed sentence per footnote first; then each claim under each reading, with
its robustness over every window its source could see, and the method stated once."""

import pandas as pd
import streamlit as st

from src.analysis import arms, summaries
from src.analysis import claims as report_claims
from src.analysis import mix as mix_of
from src.data.text import escape_markdown, file_name, markdown_list, window_label
from src.figures import claims as claim_figures
from src.web import state, ui

ui.setup_page("Report vs data")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, claims = tables["countries"], tables["report_arms_supplier_claims"]
years = meta.coverage("arms_transfers_by_year")
named = list(dict.fromkeys(claims["iso3"].dropna().astype(str)))
names = ui.country_names()
params = [
    state.window_param("window", years, meta.latest_window(arms.TABLE)),
    state.one_of("mix", named[0], named, "country the report names", lambda c: names.get(c, c)),
]
url = ui.read_url(state.read(ui.query(), params))
found, phone = ui.claim_findings(), ui.is_phone()
labels = ui.actor_labels()

st.title("Report vs data")
# The answer first, in words: one computed sentence per footnote, in small type so that every one is
# in the first screen at 1280 × 720. The grids behind them follow, for the reader who asks how.
page_once = ui.per_view(url)
st.markdown(
    page_once("sentences", lambda: "\n".join(f"- :small[{escape_markdown(t)}]" for _, t in found.sentences))
)
st.caption(
    "Verdicts are computed, never typed: each arms claim is read as the report words it and under every "
    "other reading with a stated reason, in every window its source could have seen, counting only "
    "windows with enough volume. The grids below show each claim's windows; the method follows them."
)


# Each control with what it drives reruns alone (st.fragment): the window redraws the grids, the
# country its supplier mix; the rest of the page stays as it is.
@st.fragment
def verdict_grids() -> None:
    url = ui.current_view(state.read(ui.query(), params))
    picked, once = url["window"], ui.per_view(url)  # each part once per view (and layout): src/web/cache.py
    ui.widget(url.bound("window"), st.slider, "Your window (delivery years), added to the grid")
    grid = ui.claim_grid(picked)
    subtitle = claim_figures.grid_subtitle(meta.volume_rule().min_base_tiv)
    for title, supplier, part, verdicts, source in once("sections", _sections, grid):
        if phone:  # the cards come first there; elsewhere the chart, titled, heads its section
            st.subheader(title)
        with ui.section(f"the verdict grid ({title})"):
            table = once(f"verdict table {supplier}", report_claims.verdict_table, verdicts)
            if phone:  # one card per claim: a grid of windows does not fit a phone's width
                for head, verdict, reading_lines in report_claims.claim_cards(verdicts):
                    with st.container(border=True):
                        st.markdown(f"**{escape_markdown(head)}**  \n{escape_markdown(verdict)}")
                        st.caption("  \n".join(escape_markdown(line) for line in reading_lines))
            columns = "robustness" if phone else "all"  # the layout: part of the figure's name below
            figure = once(
                f"grid {supplier} {columns}", ui.build, claim_figures.build_verdict_grid, part, title=title,
                subtitle=subtitle, source=source, columns=columns,
            )  # fmt: skip
            stem, summary = (
                file_name("report-vs-data", supplier, *picked),
                once(f"summary {supplier}", summaries.verdicts, table),
            )
            ui.chart(figure, f"claims_grid_{supplier}", stem, summary=summary, table=table)
            if not phone:
                ui.static_table(table, f"claims_table_{supplier}", f"The claims about {supplier}", once)
    # The caption under the title says how verdicts are reached; the method itself, once, is here.
    with st.expander("How the claims are read and judged (the method, stated once)"):
        lines = once(
            "method",
            lambda: markdown_list(
                report_claims.methods_lines(meta, claims, *years, picked, meta.standard_windows())
            ),
        )
        st.markdown(lines)
        st.markdown(once("joint", lambda: markdown_list(report_claims.joint_lines(found.joint))))
    ui.csv_download(
        once("grid table", report_claims.grid_table, grid),
        "Download the whole grid (CSV)",
        file_name("report-vs-data-grid", *picked),
        key="claims_grid_csv",
        about=(
            f"The report's arms claims under each reading, {window_label(*years)}",
            subtitle,
            meta.source_line("sipri", "report", footnotes=grid["footnote"]),
        ),
    )


def _sections(grid: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame, pd.DataFrame, str]]:
    """Each supplier's part of the grid: its title, supplier, rows, verdicts and source line."""
    return [
        (title, supplier, part, found.verdicts[found.verdicts["supplier"].eq(supplier)],
         meta.source_line("sipri", "report", footnotes=part["footnote"]))
        for title, supplier, part in report_claims.grid_sections(grid)
    ]  # fmt: skip


@st.fragment
def supplier_mix() -> None:
    url = ui.current_view(state.read(ui.query(), params))
    country, once = url["mix"], ui.per_view(url)
    ui.widget(url.bound("mix"), st.selectbox, "Country")
    mix, name, span = ui.supplier_mix([country]), names.get(country, country), window_label(*years)
    if mix.empty:
        st.info(escape_markdown(f"SIPRI records no deliveries of major arms to {name} in {span}."))
        return
    with ui.section("the supplier mix"):
        cutoff = once("cutoff", report_claims.source_cutoff, claims, country)
        figure = once(
            "mix", ui.build, claim_figures.build_supplier_mix, mix, first_year=years[0], last_year=years[1],
            labels=labels, source_cutoff=cutoff,
            title=f"Arms imports of {name} by supplier, {span}", subtitle=mix_of.mix_subtitle(cutoff),
            source=meta.source_line("sipri"),
        )  # fmt: skip
        mix_table = once("mix table", mix_of.supplier_mix_table, mix, *years, labels)
        summary = once("mix summary", summaries.supplier_mix, mix, name, span)
        ui.chart(
            figure, "claims_mix", file_name("supplier-mix", country, *years), summary=summary, table=mix_table
        )
        ui.static_table(mix_table, "claims_mix_table", f"Arms imports of {name} by supplier, {span}", once)


verdict_grids()
st.subheader("Year by year: who supplied each country the report names")
supplier_mix()

st.subheader("Regime characterizations, against V-Dem's Regimes of the World")
st.caption(escape_markdown(meta.method("regimeWords")))
with ui.section("the regime verdicts"):
    st.markdown(
        page_once("regime lines", lambda: markdown_list(report_claims.regime_verdict_lines(found.regime)))
    )
    regime_source = page_once(
        "regime source", meta.source_line, "vdem-row", "report", footnotes=found.regime["footnote"]
    )
    st.caption(escape_markdown(regime_source))

st.subheader("Cannot be tested with these data")
unchecked = page_once("unchecked", report_claims.unchecked_lines, tables["report_remarks"])
st.markdown(markdown_list(unchecked))
ui.finish()
