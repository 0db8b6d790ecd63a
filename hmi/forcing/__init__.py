"""Forced values in the console: the list, the force and release dialogs, the header count."""
