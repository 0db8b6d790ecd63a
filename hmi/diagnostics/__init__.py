"""L4 diagnostics: connections, the live tag browser, scenarios, the audit viewer."""
