"""Authorisation matrix rows for the experiences URLs: name → (method, path(world),
statuses in the order of tests.test_permissions.ROLES)."""

ROWS = {}
