"""Pages of bodies and sittings, split by meaning like the services."""
