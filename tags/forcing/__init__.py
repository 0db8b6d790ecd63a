"""Forced values (substitution): an engineer shows a chosen value for a tag instead of its
field's, with a reason and an optional expiry; stored, audited, refused to field writes."""
