"""Process models of the three plants and the field server that publishes them."""
