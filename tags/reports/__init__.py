"""Shift reports: their figures, sources, PDF and the archive of kept reports."""
