"""On a server, the interpreter is handed from thread to thread sooner than Python's default.

Every element a page sends wakes the server's event loop from the script's thread (asyncio's
`call_soon_threadsafe` writes a byte to a socket), and that write lets go of the interpreter lock.
Getting it back means waiting until the thread holding it lets go, which a busy thread does only
after `sys.getswitchinterval()`, 5 ms by default. A page run sends dozens of elements, so with 16
readers at once, runs of 20–30 ms of CPU took up to 0.4–1.8 s, and stack samples of the script
threads found them mostly at that write (bench/FINDINGS.md). At 0.5 ms the p90 of a run fell from
about 420 to 120 ms. AppTest (no browser, no event loop to wake) keeps the default.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL_S = 0.0005


def hand_over_sooner(serving: bool) -> None:
    """When `serving` browsers, a thread waiting for the interpreter gets it within SWITCH_INTERVAL_S."""
    if serving and sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
