"""Models of the discussions app."""
