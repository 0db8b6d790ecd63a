"""Declarative screens: the element vocabulary and the one builder of a canvas."""
