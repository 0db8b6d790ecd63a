"""The server's side of a control room: the Sparkplug edge node, the retained status, alarms
and states, and the operator's requests checked and carried out on the runtime."""
