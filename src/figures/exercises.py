"""Figure of the exercises page: counts that are lower bounds, drawn as open-ended bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from src.data.meta import Meta
from src.data.text import file_name, upper_first, window_label
from src.figures.common import frame
from src.figures.plain import plain_text_in

# One neutral colour: the label tells the organizations apart, and a supplier's colour here would
# suggest a link (Russia, China) that this chart does not show.
BAR_COLOUR = "#4D4D4D"


def bound_label(count: int, bound_kind: str) -> str:
    """'≥ 38' for 'at least 38': the label itself says the figure is a lower bound."""
    return f"≥ {count}" if bound_kind == "at least" else str(count)


def file_stem(exercises: pd.DataFrame) -> str:
    """'exercises-CSTO-SCO-2002-2016': the organizations and the years of the counts shown."""
    years = int(exercises["period_start"].min()), int(exercises["period_end"].max())
    return file_name("exercises", *exercises["organization"], *years)


def exercises_table(exercises: pd.DataFrame) -> pd.DataFrame:
    """The report's counts for reading: the bound stays beside the number."""
    return pd.DataFrame(
        {
            "Organization": exercises["organization"],
            "Name": exercises["organization_name"],
            "Exercises": [
                bound_label(int(n), b)
                for n, b in zip(exercises["exercises_lower_bound"], exercises["bound_kind"], strict=True)
            ],
            "Period": [
                f"{a}–{b}" for a, b in zip(exercises["period_start"], exercises["period_end"], strict=True)
            ],
            "Area": exercises["area"].fillna(""),
            "Source": exercises["source_author"] + " " + exercises["source_year"].astype(str),
            "Footnote": exercises["footnote"],
        }
    ).reset_index(drop=True)


# The open end: an arrow of a fixed length in pixels just past the bar's end. It says "possibly more"
# without a length that could be read as a number of exercises.
ARROW_PX = 30


@plain_text_in
def build_exercises_chart(exercises: pd.DataFrame, *, footnotes: pd.DataFrame, meta: Meta) -> go.Figure:
    """One bar per organization up to the report's lower bound; where the count is "at least", a
    short arrow of fixed length past the bar's end: the true count is at least the bar, possibly
    more, and nothing is drawn beyond the bound that could read as a quantity."""
    rows = exercises.sort_values("exercises_lower_bound", ascending=True)
    top = int(rows["exercises_lower_bound"].max())
    labels = [
        f"{org} (in {area})" if isinstance(area, str) and area else org
        for org, area in zip(rows["organization"], rows["area"], strict=True)
    ]
    fig = go.Figure()
    for label, row in zip(labels, rows.itertuples(), strict=True):
        count = int(row.exercises_lower_bound)
        hover = (
            f"<b>{row.organization_name}</b><br>{upper_first(row.bound_kind)} {count} military exercises, "
            f"{window_label(row.period_start, row.period_end)}"
            + (f" (in {row.area})" if isinstance(row.area, str) and row.area else "")
            + f"<br>The report gives a lower bound (fn {row.footnote}, {row.source_author} {row.source_year})"
        )
        fig.add_trace(
            go.Bar(
                x=[count],
                y=[label],
                orientation="h",
                marker_color=BAR_COLOUR,
                width=0.55,
                text=[bound_label(count, row.bound_kind)],
                textposition="inside",
                insidetextanchor="end",
                textfont=dict(color="#FFFFFF", size=18),
                hovertext=[hover],
                hoverinfo="text",
                name=row.organization,
                showlegend=False,
            )
        )
        if row.bound_kind == "at least":
            fig.add_annotation(
                x=count,
                y=label,
                xref="x",
                yref="y",
                text="",
                showarrow=True,
                # The head ARROW_PX + 4 px right of the bar's end, the tail 4 px right of it.
                xshift=ARROW_PX + 4,
                ax=-ARROW_PX,
                ay=0,
                axref="pixel",
                ayref="pixel",
                arrowhead=2,
                arrowsize=1,
                arrowwidth=3,
                arrowcolor=BAR_COLOUR,
                name=f"{row.organization} open end",
            )
    fig.update_xaxes(
        # Room past the longest bar for its arrow (about 60 px on the narrowest full-width chart).
        range=[0, top * 1.1],
        title_text="Military exercises (lower bound)",
        showgrid=True,
        gridcolor="#EEEEEE",
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(bargap=0.35, barmode="overlay")
    first, last = int(rows["period_start"].min()), int(rows["period_end"].max())
    notes = footnotes[footnotes["footnote"].isin(rows["footnote"].unique())]
    cited = "; ".join(f"{r.authors} ({r.year}), {r.title}, {r.outlet}" for r in notes.itertuples())
    return frame(
        fig,
        title=f"Military exercises by organization, {window_label(first, last)}",
        subtitle="The report's counts are lower bounds (“at least”): each bar ends at the minimum; the "
        "arrow says the true count may be higher, and its length means nothing",
        source=meta.source_line("report", footnotes=rows["footnote"], note=f"Citing {cited}."),
        plot_height=90 * len(rows),
        axis_space=50,
    )
