"""Country profile: one country's arms imports, coups and regime type on one time axis, and everything
the report says about it; or a few countries side by side on the same axes."""

import pandas as pd
import streamlit as st

from src import arms, coups, data, interventions, profile, sources, state, ui
from src import claims as report_claims
from src.figures import claims as claim_figures
from src.figures import coups as coup_figures
from src.figures import profile as profile_figures
from src.text import escape_markdown, file_name, window_label

ui.setup_page("Country profile")
tables, meta, view = ui.tables(), ui.package_meta(), ui.transfers_view()
countries, labels = tables["countries"], arms.actor_labels(tables)
url = ui.read_url(state.read_profile(ui.query(), countries["iso3"], data.country_names(countries)))
country, compared = url[state.COUNTRY], url[state.COMPARE]
years, arms_years = profile.timeline_years(meta), meta.coverage(profile.ARMS_TABLE)


@st.cache_data(show_spinner=False)
def _prepared() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What every profile filters, prepared once: coup events, the report's relations, regime-claim rows."""
    return coups.coup_view(tables), interventions.relation_view(tables), profile.regime_rows(tables)


coup_view, relation_view, regime_rows = _prepared()
name = profile.country_name(countries, country) if country else None
fewest, most = state.COMPARE_SIZES

st.title(f"Country profile: {escape_markdown(name)}" if name and not compared else "Country profiles")
# Comparing: the countries are chosen in one box (each chart links to that country's profile).
controls = st.columns([1, 2]) if not compared else [None, st.container()]
if not compared:
    ui.country_picker(url.bound(state.COUNTRY), label="Country", where=controls[0])
# Not comparing yet: the box starts from the country shown, so adding one more starts a comparison.
start_from = compared or ((country,) if country else ())
ui.widget(
    state.Bound(url.params[state.COMPARE], start_from),
    controls[1].multiselect,
    f"Compare side by side ({fewest} to {most} countries)",
    max_selections=most,
    placeholder="Add countries to compare",
)

if compared:
    timelines = [profile.timeline(tables, view, coup_view, c, years, arms_years) for c in compared]
    peak = max(t.peak_tiv for t in timelines)
    st.caption(
        f"The same axes for every country: years {window_label(*years)}, arms imports up to "
        f"{peak:,.0f} TIV (millions) a year. Open one country's profile for its details."
    )
    figures = profile_figures.line_up(
        [
            profile_figures.build_profile_timeline(line, meta=meta, labels=labels, tiv_max=peak, compact=True)
            for line in timelines
        ]
    )
    per_row = 2  # wide enough to read a year axis and a legend
    for row_start in range(0, len(timelines), per_row):
        shown = zip(
            timelines[row_start : row_start + per_row], figures[row_start : row_start + per_row], strict=True
        )
        for column, (line, figure) in zip(st.columns(per_row), shown, strict=False):
            with column:
                ui.chart(figure, key=f"compare_{line.iso3}", filename=file_name("profile", line.iso3, *years))
                st.page_link(
                    "pages/6_Country_profile.py",
                    label=f"Profile of {escape_markdown(line.name)}",
                    query_params={state.COUNTRY: line.iso3},
                )
    st.subheader("Supplier shares by window")
    table = profile.compare_table(view, countries, compared, profile.share_windows(arms_years), labels)
    st.dataframe(table, hide_index=True, key="compare_table")
    ui.csv_download(table, "Download this table (CSV)", file_name("compare", *compared), key="compare_csv")
    st.caption(f"Empty share: no recorded imports in the window (not 0 %). {meta.source_line('sipri')}")
    st.stop()

if not country:
    st.info("Choose a country above, or click one on a map and follow the link to its profile.")
    st.stop()

# The shared time axis --------------------------------------------------------------------------------
mine = profile.country_view(view, country)  # filtered once: every per-country table draws on it
line = profile.timeline(tables, mine, coup_view, country, years, arms_years)
about = [f"ISO3 {country}.", profile.region_line(countries, country, meta)]
about += profile.membership_lines(tables["regional_memberships"], country, meta)
st.caption(escape_markdown(" ".join(part for part in about if part)))
ui.chart(
    profile_figures.build_profile_timeline(line, meta=meta, labels=labels),
    key="profile_timeline",
    filename=file_name("profile", country, *years),
)

# Arms imports ----------------------------------------------------------------------------------------
arms_period = window_label(*arms_years)
st.subheader("Arms imports: supplier shares by window")
windows = profile.share_windows(arms_years)
shares = profile.shares_by_window(mine, country, windows, labels)
if shares.empty:
    st.info(escape_markdown(profile.no_imports_line(name, arms_period)))
else:
    st.dataframe(shares, hide_index=True, key="profile_shares")
    ui.csv_download(
        shares, "Download this table (CSV)", file_name("shares", country), key="profile_shares_csv"
    )
    st.caption(
        escape_markdown(sources.share_definition(meta))
        + f" Windows: {', '.join(window_label(*w) for w in windows)}. {meta.source_line('sipri')}"
    )
    if note := profile.non_state_note(
        profile.non_state_imports(mine, country, arms_years), name, arms_period
    ):
        st.caption(escape_markdown(note))
    st.markdown(f"**The deliveries behind them, {arms_period}** (SIPRI trade register)")
    register = arms.deliveries_for(
        tables["arms_deliveries_africa"], tables["sipri_actors"], country, *arms_years
    )
    if register.empty:
        st.info(escape_markdown(profile.no_register_line(countries, country, arms_period)))
    else:
        st.dataframe(
            arms.register_table(register, labels), hide_index=True, height=320, key="profile_register"
        )

# Coups -----------------------------------------------------------------------------------------------
st.subheader("Coups")
events = profile.country_events(coup_view, country)
if events.empty:
    st.info(escape_markdown(profile.no_coups_line(name, meta.coverage(profile.COUPS_TABLE))))
else:
    st.dataframe(coups.event_table(events), hide_index=True, key="profile_coups")
    st.caption(escape_markdown(f"{coup_figures.source_line(meta, events)} {coups.HOW_COUNTED}"))

# Interventions and assistance ------------------------------------------------------------------------
st.subheader("Interventions and assistance")
relations = profile.involvement(relation_view, tables["regional_memberships"], countries, country)
if relations.empty:
    st.info(escape_markdown(f"The report names no intervention or assistance involving {name}."))
else:
    table = interventions.relation_table(relations)
    table.insert(0, f"Role of {name}", relations["role"].str.capitalize().to_numpy())
    st.dataframe(table, hide_index=True, key="profile_interventions")

# What the report says, and the verdicts ----------------------------------------------------------------
st.subheader("What the report says about it")
statements = profile.report_statements(tables, country)
if statements.empty:
    st.info(escape_markdown(profile.no_statements_line(name, not relations.empty)))
for label, text in profile.statement_lines(statements):
    st.markdown(f"- **{escape_markdown(label)}**: {escape_markdown(text)}")

st.subheader("The report's claims naming it, checked against the data")
grid = profile.claim_grid(tables, view, country)
regime = profile.regime_verdicts(regime_rows, country)
if grid.empty and regime.empty:
    st.info(escape_markdown(f"No claim of the report that the data here can check names {name}."))
if not grid.empty:
    figure = claim_figures.build_verdict_grid(
        grid,
        title=f"What the report says of {name}'s arms suppliers, under each measure and window",
        subtitle="Each cell: the value in that window; ✓ and blue where the report's claim holds. "
        "Hover a cell for the TIV behind it.",
        source=meta.source_line("sipri", "report", footnotes=grid["footnote"]),
    )
    figure = profile_figures.with_plot_height(
        figure, profile_figures.VERDICT_ROW_HEIGHT * grid["claim_id"].nunique()
    )
    ui.chart(figure, key="profile_verdict_grid", filename=file_name("verdicts", country))
    verdicts = report_claims.verdict_table(grid)
    for label, text in profile.arms_verdict_lines(verdicts):
        st.markdown(f"- **{escape_markdown(label)}**: {escape_markdown(text)}")
    ui.csv_download(
        verdicts, "Download these verdicts (CSV)", file_name("verdicts", country), key="verdicts_csv"
    )
for label, text in profile.regime_verdict_lines(regime):
    st.markdown(f"- **{escape_markdown(label)}**: {escape_markdown(text)}")
if not regime.empty:
    st.caption(escape_markdown(report_claims.HYBRID_READING))
