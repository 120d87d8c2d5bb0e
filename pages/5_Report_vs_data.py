"""Report vs data: each checkable claim of the report, under several measures and windows."""

import streamlit as st

from src.analysis import arms, summaries
from src.analysis import claims as report_claims
from src.analysis import mix as mix_of
from src.data import loader as data
from src.data.text import escape_markdown, file_name, window_label
from src.figures import claims as claim_figures
from src.web import state, ui

ui.setup_page("Report vs data")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, labels, claims = (
    tables["countries"],
    arms.actor_labels(tables),
    tables["report_arms_supplier_claims"],
)
years = meta.coverage("arms_transfers_by_year")
named = list(dict.fromkeys(claims["iso3"].dropna().astype(str)))
names = countries.set_index("iso3")["name"]
params = [
    state.window_param("window", years, meta.latest_window(arms.TABLE)),
    state.one_of("mix", named[0], named, "country the report names", lambda c: names.get(c, c)),
]
url = ui.read_url(state.read(ui.query(), params))
picked, country = url["window"], url["mix"]

st.title("Report vs data")
st.caption(
    "The report states no measure and no period for its arms figures, and its sources wrote before the "
    "latest data existed. Each claim is tested here under every measure below, in every window its source "
    "could have seen, in the standard windows and in yours; the verdicts are computed, never typed."
)
ui.widget(url.bound("window"), st.slider, "Your window (delivery years)")
grid = ui.claim_grid(picked)
with st.expander("How each claim is measured (measures, windows, TIV)"):
    st.markdown(
        "\n".join(
            f"- {line}"
            for line in report_claims.methods_lines(claims, *years, picked, meta.standard_windows())
        )
    )

for title, supplier, part in report_claims.grid_sections(grid):
    st.subheader(title)
    with ui.section(f"the verdict grid ({title})"):
        source = meta.source_line("sipri", "report", footnotes=part["footnote"])
        figure = claim_figures.build_verdict_grid(
            part, title=title, subtitle=claim_figures.GRID_SUBTITLE, source=source
        )
        verdicts, stem = report_claims.verdict_table(part), file_name("report-vs-data", supplier, *picked)
        ui.chart(
            figure, f"claims_grid_{supplier}", stem, summary=summaries.verdicts(verdicts), table=verdicts
        )
        st.dataframe(verdicts, hide_index=True, key=f"claims_verdicts_{supplier}")
stem = file_name("report-vs-data-grid", *picked)
ui.csv_download(report_claims.grid_table(grid), "Download the whole grid (CSV)", stem, key="claims_grid_csv")

st.subheader("Year by year: who supplied each country the report names")
ui.widget(url.bound("mix"), st.selectbox, "Country")
mix, name, span = (
    mix_of.supplier_mix(view, data.country_names(countries), [country], meta.great_powers),
    names.get(country, country),
    window_label(*years),
)
if mix.empty:
    st.info(escape_markdown(f"SIPRI records no deliveries of major arms to {name} in {span}."))
else:
    with ui.section("the supplier mix"):
        cutoff = report_claims.source_cutoff(claims, country)
        figure = claim_figures.build_supplier_mix(
            mix, first_year=years[0], last_year=years[1], labels=labels, source_cutoff=cutoff,
            title=f"Arms imports of {name} by supplier, {span}", subtitle=mix_of.mix_subtitle(cutoff),
            source=meta.source_line("sipri"),
        )  # fmt: skip
        mix_table, summary = (
            mix_of.supplier_mix_table(mix, *years, labels),
            summaries.supplier_mix(mix, name, span),
        )
        ui.chart(
            figure, "claims_mix", file_name("supplier-mix", country, *years), summary=summary, table=mix_table
        )
        st.dataframe(mix_table, hide_index=True, key="claims_mix_table")

st.subheader("Regime characterizations, against V-Dem's Regimes of the World")
st.caption(escape_markdown(meta.method("regimeWords")))
with ui.section("the regime verdicts"):
    rows = report_claims.regime_claim_rows(
        tables["report_regime_claims"], tables["regime_type"], countries,
        tables["report_organization_claims"], tables["regional_memberships"],
    )  # fmt: skip
    for line in report_claims.regime_verdict_lines(report_claims.regime_verdicts(rows)):
        st.markdown(f"- {escape_markdown(line)}")
    st.caption(escape_markdown(meta.source_line("vdem-row", "report", footnotes=rows["footnote"])))

st.subheader("Not checkable here")
for line in report_claims.unchecked_lines(tables["report_remarks"]):
    st.markdown(f"- {escape_markdown(line)}")
ui.finish()
