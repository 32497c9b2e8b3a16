"""Rows of the authorisation matrix (tests/test_permissions.py) for the sittings capability,
one module per area so that each area declares the URLs it adds."""

from tests.meetings import matrix_acts, matrix_bodies, matrix_convocations, matrix_session

ROWS = {
    **matrix_bodies.ROWS,
    **matrix_convocations.ROWS,
    **matrix_session.ROWS,
    **matrix_acts.ROWS,
}
