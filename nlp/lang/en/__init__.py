"""English language data: polarity seeds, generic-sentiment words."""
