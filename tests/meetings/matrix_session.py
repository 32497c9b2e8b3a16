"""Authorisation matrix rows for the session URLs: name → (method, path(world), statuses in
the order of tests.test_permissions.ROLES). Use tests.meetings.factories.meeting_world(w)."""

ROWS = {}
