"""The console around the screens: application, main window, header, session, theme."""
