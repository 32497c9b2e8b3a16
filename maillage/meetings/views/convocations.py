"""Pages for the convocations part of sittings (see maillage/meetings/services/convocations.py)."""

urlpatterns = []


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/convocations/_sitting_panel.html`. Owned by the convocations area."""
    return {}
