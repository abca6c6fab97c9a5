"""Analytics: NPS and its intervals, theme model, labels, drivers, trends. No I/O."""
