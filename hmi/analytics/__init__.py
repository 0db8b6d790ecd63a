"""The analytics displays: energy, predictive warnings, instrument health, shift reports."""
