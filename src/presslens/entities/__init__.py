"""Named actors: one canonical name per actor within an article."""
