"""Plant analytics: energy, predictive warnings, instrument health, tariffs and shifts."""
