"""Alarms in the console: banner, horn, summary, journal and KPI views, operator actions."""
