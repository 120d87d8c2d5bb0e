"""Report vs data (DRAFT): each checkable claim of the report, under several measures and windows."""

import streamlit as st

from src import arms, data, state, ui
from src import claims as report_claims
from src.figures import claims as claim_figures
from src.text import escape_markdown, window_label

ui.setup_page("Report vs data")
ui.read_url(state.read(ui.query(params_with_country=False), []))  # no URL filters: a stray one is named
tables = ui.tables()
view = ui.transfers_view()
countries = tables["countries"]
labels = arms.actor_labels(tables)
first, last = report_claims.data_years(view)
sipri = data.resource("arms_transfers_by_year")["sources"][0]
source = f"Source: {sipri['title'].split(',')[0]} ({sipri['version']}); the report's footnotes as named."

st.title("Report vs data")
st.caption(
    "The report states no measure and no period for its arms figures, and its sources wrote before the "
    "latest data existed. Each claim is tested here under every measure below, in every window its source "
    "could have seen, in the standard windows and in yours; the verdicts are computed, never typed."
)
picked = st.slider("Your window (delivery years)", first, last, value=(last - 4, last), key="claims_window")
claims = tables["report_arms_supplier_claims"]
grid = report_claims.claim_grid(claims, view, countries, picked=picked)

with st.expander("How each claim is measured (measures, windows, TIV)"):
    for measure in report_claims.MEASURES.values():
        st.markdown(f"- **{measure.label}**: {measure.definition}")
    st.markdown(f"- {report_claims.TOP_RECIPIENTS_DEFINITION}")
    holds_when = "; ".join(f"{kind}: {rule}" for kind, rule in report_claims.HOLDS_WHEN.items())
    st.markdown(f"- A claim holds in a cell when ({holds_when}).")
    era = ", ".join(
        f"{source_year} → {report_claims.source_era_label(int(source_year), first, last)}"
        for source_year in sorted(set(claims["source_year"]))
    )
    standard = ", ".join(window_label(*w) for w in report_claims.standard_windows(first, last))
    st.markdown(
        f"- Windows: every window of {report_claims.MIN_WINDOW_YEARS} or more years that existed for the "
        f"source (published in {era}); the standard windows {standard}; and yours, "
        f"{window_label(*picked)}. TIV: SIPRI trend-indicator values, millions."
    )

for title, supplier in (
    ("China's share of arms imports (fn 121)", "China"),
    ("Russia in Africa (fn 122)", "Russia"),
):
    part = grid[grid["supplier"].eq(supplier)]
    st.subheader(title)
    figure = claim_figures.build_verdict_grid(
        part,
        title=title,
        subtitle="Each cell: the value in that window; ✓ and blue where the report's claim holds. "
        "Hover a cell for the TIV behind it.",
        source=source,
    )
    ui.chart(figure, key=f"claims_grid_{supplier}", filename=f"report-vs-data-{supplier}")
    st.dataframe(report_claims.verdict_table(part), hide_index=True, key=f"claims_verdicts_{supplier}")

st.download_button(
    "Download the whole grid (CSV)",
    report_claims.grid_table(grid).to_csv(index=False),
    file_name=f"report-vs-data-grid-{picked[0]}-{picked[1]}.csv",
    key="claims_grid_csv",
)

st.subheader("Year by year: who supplied each country the report names")
named = list(dict.fromkeys(claims["iso3"].dropna().astype(str)))
names = countries.set_index("iso3")["name"]
country = st.selectbox("Country", named, format_func=lambda c: names.get(c, c), key="claims_mix_country")
mix = report_claims.supplier_mix(view, countries, [country])
if mix.empty:
    st.info(escape_markdown(f"SIPRI records no deliveries of major arms to {names.get(country, country)}."))
else:
    cutoff = int(claims.loc[claims["iso3"].eq(country), "source_year"].min()) - 1
    figure = claim_figures.build_supplier_mix(
        mix,
        first_year=first,
        last_year=last,
        title=f"Arms imports of {names.get(country, country)} by supplier, {first}–{last}",
        subtitle=f"TIV by supplier and year (largest suppliers, the three great powers, the rest as other). "
        f"Dotted line: after {cutoff}, data the report's source could not see.",
        source=source,
        labels=labels,
        source_cutoff=cutoff,
    )
    ui.chart(figure, key="claims_mix", filename=f"supplier-mix-{country}")
    st.dataframe(
        report_claims.supplier_mix_table(mix, first, last, labels), hide_index=True, key="claims_mix_table"
    )

st.subheader("Regime characterizations, against V-Dem's Regimes of the World")
st.caption(report_claims.HYBRID_READING)
rows = report_claims.regime_claim_rows(
    tables["report_regime_claims"],
    tables["regime_type"],
    countries,
    tables["report_organization_claims"],
    tables["regional_memberships"],
)
for verdict in report_claims.regime_verdicts(rows).itertuples():
    cited = report_claims.footnote_text(verdict.footnote, verdict.footnote_attribution)
    basis = verdict.year_basis[0].lower() + verdict.year_basis[1:].rstrip(".")
    st.markdown(
        f"- **fn {escape_markdown(cited)}**: {escape_markdown(verdict.paraphrase)}  \n"
        f"Checked in {escape_markdown(str(verdict.years))} ({escape_markdown(basis)}). "
        f"**Verdict: {escape_markdown(verdict.verdict)}.**"
    )

st.subheader("Not checkable here")
for remark in report_claims.unchecked_claims(tables["report_remarks"]).itertuples():
    st.markdown(
        f"- **fn {remark.footnote}**: {escape_markdown(remark.paraphrase)}  \n"
        f"**{escape_markdown(remark.verdict)}.** {escape_markdown(remark.reason)}"
    )
