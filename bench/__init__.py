"""Page benchmark: the app's pages as ratios against a minimal floor page (see README.md)."""
