"""Model files presslens ships or depends on, and the code that loads them."""
