"""Pages for the bodies part of sittings (see maillage/meetings/services/bodies.py)."""

urlpatterns = []
