"""The reader's window width, for laying charts out by width rather than by user agent.

Plotly does not wrap text, so a chart's title, subtitle and legend are wrapped on the server for the
width the chart will be drawn at (src/figures/common.py). That width comes from the browser: a tiny
inline component (no iframe, no network) measures the window and the page's content column, and
reports them as its state whenever they differ from what the server laid out for (a rerun follows);
it also keeps them in a cookie, so the next session starts with the right layout. On the first load
of a deep link nothing is known yet: the page draws its frame and waits for the width, which arrives a
moment later and runs the page (`unmeasured`); should that report fail or be lost, the component reports
again while the page waits. Laid out first for a guessed width, every chart would be
built, sent and drawn twice, the first time in vain. Without a browser (AppTest) nothing is ever
measured: the page is laid out for a desktop window, or a phone's width if the user agent says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import streamlit as st

COOKIE = "viewport"
_KEY = "_viewport"  # the component's key (its CSS class hides it: it draws nothing)
_KNOWN = "_viewport:known"  # the last width reported in this session, kept across pages
STACKED = 640  # px: Streamlit puts columns under each other in a window this wide or narrower
NARROW = 600  # px of content: below this a page uses its one-column (phone) forms
COLUMN_GAP = 32  # px between two columns with gap="medium"
SLACK = 4  # px: text is wrapped a little short of the measured width
WAITING = "Laying the page out for your window…"  # all a first visit shows until the width arrives
_COOKIE_FORMAT = re.compile(r"^(\d{3,5})x(\d{3,5})$")

# Measure the window and the main column's content box; report when they differ from what the server
# used: narrower at all, or wider by more than a few px (a scrollbar coming and going must not loop).
# The function runs once per mount, not once per script run, so the width last sent is kept here: the
# observer fires after every run (the page's height changes), and sending the same width again would
# cost a second run of the whole script for every change a reader makes (and could race it).
_JS = """
export default function(component) {
    const { data, setStateValue, setTriggerValue } = component;
    let sent = data && data.used;
    let timer = null;
    let watched = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(report, 150); };
    const observer = new ResizeObserver(later);
    // The window's width and the column's content width, remembered in the cookie; null if the column
    // cannot be measured yet. The column is watched for changes from the first time it is found.
    const measure = () => {
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        if (!main) return null;
        if (main !== watched) { observer.observe(main); watched = main; }
        const style = getComputedStyle(main);
        const content = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const now = [Math.round(window.innerWidth), Math.floor(content)];
        if (now[1] <= 0) return null;
        document.cookie = `viewport=${now[0]}x${now[1]}; path=/; max-age=31536000; SameSite=Lax`;
        return now;
    };
    const report = () => {
        const now = measure();
        if (!now) return;
        const stale = !sent || now[0] !== sent[0] || now[1] < sent[1] || now[1] > sent[1] + 24;
        if (stale) { sent = now; setStateValue('width', now); }
    };
    report();
    window.addEventListener('resize', later);
    // A first visit waits for the report above. Had it not been made (the column not measurable yet)
    // or been lost on its way, the page would wait until a reload: while the page sits idle showing
    // the waiting line for two seconds running, report again as a trigger (which always runs the page).
    // A session waits only until its width is known: once the page sits idle laid out, this stops.
    let idle = 0;
    const retry = setInterval(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        const page = document.querySelector('[data-testid="stMain"]');
        if (!app || !page || app.getAttribute('data-test-script-state') === 'running') { idle = 0; return; }
        if (!page.textContent.includes(WAITING)) { clearInterval(retry); return; }
        if (++idle < 2) return;
        const now = measure();
        if (now) { idle = 0; sent = now; setTriggerValue('remeasured', now); }
    }, 1000);
    return () => {
        observer.disconnect(); window.removeEventListener('resize', later); clearTimeout(timer); clearInterval(retry);
    };
}
""".replace("WAITING", json.dumps(WAITING))
_component = st.components.v2.component("viewport_width", js=_JS)


@dataclass(frozen=True)
class Viewport:
    """The window's width and the page's content width (px), as measured in the browser."""

    window: int
    content: int

    @property
    def stacked(self) -> bool:
        """Whether columns are drawn under each other (each as wide as the content)."""
        return self.window <= STACKED


def _parse(value: Any) -> Viewport | None:
    """A reported or remembered width, if it is two plausible whole numbers; else None."""
    if isinstance(value, str):
        match = _COOKIE_FORMAT.match(value.strip())
        value = [int(match[1]), int(match[2])] if match else None
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    try:
        window, content = (int(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not (200 <= window <= 10_000 and 100 <= content <= window):
        return None
    return Viewport(window, content)


def measure() -> None:
    """Mount the measuring component (once per run, at the top of the page) and remember what it says."""
    known = current()
    used = [known.window, known.content] if known else None
    result = _component(
        key=_KEY, data={"used": used}, on_width_change=_ignore, on_remeasured_change=_ignore, height=0
    )
    # A report sent again while a first visit still waited (see _JS) comes as a one-run trigger.
    reported = _parse(getattr(result, "remeasured", None)) or _parse(getattr(result, "width", None))
    if reported:
        st.session_state[_KNOWN] = reported


def _ignore() -> None:
    """The component's state has a change callback (Streamlit requires one); the rerun is enough."""


def current() -> Viewport | None:
    """The width this run lays out for: the component's latest report, else the one remembered in
    this session, else the cookie from an earlier visit; None on a first visit."""
    try:  # the component's state, as the browser last reported it (a mapping with "width")
        reported = _parse(st.session_state[_KEY]["width"])
    except (KeyError, TypeError):
        reported = None
    if reported:
        return reported
    known = st.session_state.get(_KNOWN)
    if isinstance(known, Viewport):
        return known
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:  # no browser behind the run (AppTest): nothing measured
        cookie = None
    return _parse(cookie)


# How much of the content width each layout class of chart takes (src/figures/common.WIDTHS): its
# share of the row once the gap between columns is taken off.
_SHARES = {"full": 1.0, "wide": 0.6, "half": 0.5, "narrow": 0.4}


def chart_width(layout_class: str, viewport: Viewport) -> int:
    """The px a chart of this layout class is drawn at in this window (each column full width when
    the columns are stacked)."""
    share = 1.0 if viewport.stacked else _SHARES.get(layout_class, 1.0)
    usable = viewport.content if share == 1.0 else viewport.content - COLUMN_GAP
    return max(200, int(usable * share) - SLACK)


def unmeasured() -> bool:
    """Whether a browser is behind this run and nothing is known yet of its window (a first visit:
    no report, no cookie). Its measuring component reports the width as soon as it is drawn."""
    return current() is None and browser_behind()


def browser_behind() -> bool:
    """Whether this run serves a browser (not AppTest, which has no request behind it)."""
    try:
        return bool(st.context.headers.get("Host"))  # a browser's request always names its host
    except Exception:  # no browser behind the run (AppTest)
        return False


def is_narrow(user_agent: str) -> bool:
    """Whether the page uses its one-column forms (cards, short grids): by the measured content width;
    before anything is measured, by the user agent (every phone browser's says 'Mobi')."""
    known = current()
    if known:
        return known.content < NARROW
    return "Mobi" in user_agent
