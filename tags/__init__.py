"""The tag engine: pure Python and asyncio, no Qt."""
