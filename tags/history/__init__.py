"""The historian: recording, rollups, decimated queries, retention, export, stores."""
