"""Models of the comments app."""
