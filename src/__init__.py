"""The dashboard's code: data → analysis → figures → export → web (see README)."""

import os

# Arrow's buffers (pandas' strings, the snapshot's columns) from the C library's allocator, not
# Arrow's own pool (mimalloc), which keeps what it frees and reserves memory of its own: with every
# page run once, a process held about 34 MB more with it (RSS 235 against 201 MB; bench/FINDINGS.md).
# Arrow reads this once, when its default pool is first asked for, so it is set on the first import
# of the app's code, before any table is read; pyarrow.set_memory_pool would not do as much, since
# Arrow's own C++ code (reading the snapshot, compute kernels) keeps the default pool. An environment
# that chose a pool keeps its choice.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
