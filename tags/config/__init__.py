"""Project files (TOML, CSV tag lists) -> validated definitions; every problem at once."""
