"""Pages for the session part of sittings (see maillage/meetings/services/session.py)."""

urlpatterns = []


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/session/_sitting_panel.html`. Owned by the session area."""
    return {}
