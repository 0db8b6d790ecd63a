"""The OPC UA driver: sessions, subscriptions, value conversion, type checks, browsing."""
