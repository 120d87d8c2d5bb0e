"""The data layer: the data package loaded and validated, its descriptor read in one place, the
derivations from the raw datasets, and how values are written for readers."""
