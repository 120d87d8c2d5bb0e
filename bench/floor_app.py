"""The floor: the least a Streamlit page with one offline Plotly map and one filter can cost.

bench/server.py serves it from a folder beside the app's static/ and .streamlit/config.toml, so the
map loads the same shapes (app/static/africa_50m.json) as the app's maps do. Changing the selectbox
reruns the page and redraws the map with other values: the denominator of the pages' filter changes.

With BENCH_FLOOR_TABLE=1 in the server's environment it is the memory floor instead: the same page
plus pandas (which brings numpy and pyarrow, as in any data app) and one small table. The app's
memory is compared with that, since the plain floor never imports pandas.

Like the app's pages, it times its runs with src/web/timing.py (the run log, when BENCH_RUNLOG is set).
"""

import os

import plotly.graph_objects as go
import streamlit as st

from src.web import timing

WITH_TABLE = os.environ.get("BENCH_FLOOR_TABLE") == "1"
CODES = (
    "DZA AGO BEN BWA BFA BDI CMR CPV CAF TCD COM COD COG CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB "
    "KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO "
    "TUN UGA ZMB ZWE"
).split()
# Deterministic "random-ish" values: no RNG, so every run draws the same map for the same choice.
SETS = {"Set A": 37, "Set B": 53}

timing.start("floor with a table" if WITH_TABLE else "floor")
st.title("Benchmark floor")
step = SETS[st.selectbox("Values", list(SETS), key="values")]
values = [(i * step + 11) % 100 for i in range(len(CODES))]
figure = go.Figure(go.Choropleth(locations=CODES, z=values, locationmode="ISO-3", colorscale="Blues"))
figure.update_geos(scope="africa", resolution=50, showcountries=True, showframe=False)
figure.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=480)
st.plotly_chart(figure, width="stretch", theme=None, config={"topojsonURL": "app/static/"})
if WITH_TABLE:
    import pandas as pd

    st.dataframe(pd.DataFrame({"Country": CODES, "Value": values}), hide_index=True)
timing.end()
