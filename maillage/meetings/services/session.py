"""Services for the session part of sittings."""
