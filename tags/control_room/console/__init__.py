"""A console's side of a control room: the link that turns the server's messages into tag
samples and alarm states, and the operator's actions sent as requests."""
