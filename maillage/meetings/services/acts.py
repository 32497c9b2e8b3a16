"""Services for the acts of sittings: deliberations, register, list, minutes, publication.

Contract used by the `session` services: `number_deliberations(*, actor, sitting)` is called
inside the transaction that closes a sitting and creates the numbered deliberations of its
voted items.
"""
