"""Services for the bodies part of sittings."""
