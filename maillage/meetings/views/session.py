"""Pages for the session part of sittings (see maillage/meetings/services/session.py)."""

urlpatterns = []
