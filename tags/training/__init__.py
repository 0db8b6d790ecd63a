"""Training sessions on the simulated plant: the session engine, its record and debriefs."""
