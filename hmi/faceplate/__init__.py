"""The faceplate of one tag and its write dialog, the only door to writing a tag."""
