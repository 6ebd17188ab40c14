"""Time expressions: dates and relative phrases normalised against the publication date."""
