"""The console's loop-check view: areas with their progress, the loops, a loop's sheet with
its live value and a capture button per check point (tags/loopcheck/ does the checking)."""
