"""French language data: polarity seeds, generic-sentiment words."""
