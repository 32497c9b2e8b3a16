"""Models of the surveys app."""
