"""Pages for the acts part of sittings (see maillage/meetings/services/acts.py)."""

urlpatterns = []


def panel_context(request, sitting) -> dict:
    """What the sitting page (views/bodies.py) shows of this area, rendered by the template
    `meetings/acts/_sitting_panel.html`. Owned by the acts area."""
    return {}
