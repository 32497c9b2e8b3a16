"""Pages for the convocations part of sittings (see maillage/meetings/services/convocations.py)."""

urlpatterns = []
