"""ISA-18.2 alarms: definitions, states, evaluation, suppression, journal and KPIs."""
