"""Who may do what: roles and permissions, user accounts, the audit trail."""
