"""The command-line commands (check, users, audit, read, write, record, export, ...)."""
