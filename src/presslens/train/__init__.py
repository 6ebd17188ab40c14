"""Training code for the models presslens ships (needs the `train` extra: torch)."""
