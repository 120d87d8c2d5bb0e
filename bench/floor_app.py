"""The floor: the least a Streamlit page with one offline Plotly map and one filter can cost.

bench.run serves this next to a copy of the app's static/ and .streamlit/config.toml, so the map
loads the same shapes (app/static/africa_50m.json) as the app's maps do. The selectbox is the
floor's filter: changing it reruns the script and redraws the map with other values, which is
the denominator of the pages' filter-change reruns.
"""

import plotly.graph_objects as go
import streamlit as st

CODES = (
    "DZA AGO BEN BWA BFA BDI CMR CPV CAF TCD COM COD COG CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB "
    "KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TZA TGO "
    "TUN UGA ZMB ZWE"
).split()
# Deterministic "random-ish" values: no RNG, so every run draws the same map for the same choice.
SETS = {"Set A": 37, "Set B": 53}

st.title("Benchmark floor")
step = SETS[st.selectbox("Values", list(SETS))]
values = [(i * step + 11) % 100 for i in range(len(CODES))]
figure = go.Figure(go.Choropleth(locations=CODES, z=values, locationmode="ISO-3", colorscale="Blues"))
figure.update_geos(scope="africa", resolution=50, showcountries=True, showframe=False)
figure.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=480)
st.plotly_chart(figure, width="stretch", theme=None, config={"topojsonURL": "app/static/"})
