"""The trainer panel: set-up, running session, stored sessions, debrief and comparison."""
