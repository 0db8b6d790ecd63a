"""Where the console keeps what it records: the store URL, the PostgreSQL connection pool
and the versioned schema shared by the feature stores (history, journal, audit ...)."""
