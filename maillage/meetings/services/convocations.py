"""Services for the convocations part of sittings."""
