"""Replay in the console: the replay bar, its timeline and the open-recording dialog."""
