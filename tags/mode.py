"""What a running console shows: the live plant, a simulated one, a recording, or training.

One answer to "are we replaying?": ``Runtime.mode``. The header shows the value as it is.
"""

from __future__ import annotations

from enum import Enum


class Mode(Enum):
    """The mode of a running project; the value is what the header shows."""

    LIVE = "LIVE"
    """Values from the field."""
    SIMULATION = "SIMULATION"
    """Values from a simulated plant (a sim:// source or the embedded field simulator)."""
    REPLAY = "REPLAY"
    """Values from a recording; writes are refused."""
    TRAINING = "TRAINING"
    """A training session runs on the simulated plant."""
