"""Trends: pens, plot, controls, history fetching, the data behind a pen, sparkline history."""
