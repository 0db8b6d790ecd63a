"""The engine's texts in the console's language: a message catalogue and the language set."""
