"""Pages for the acts part of sittings (see maillage/meetings/services/acts.py)."""

urlpatterns = []
