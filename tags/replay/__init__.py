"""What a replay needs besides the replay driver: requests, timeline events, bookmarks."""
