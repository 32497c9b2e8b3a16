"""The unread count of the site header: one query per page at most, only when the header
shows it, cached on the request."""

from .models import Notification


def unread_count(request) -> int:
    """The number of unread notifications of the logged-in person (0 for a visitor)."""
    if not hasattr(request, "_unread_notifications"):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            request._unread_notifications = 0
        else:
            request._unread_notifications = Notification.objects.filter(
                person__user_id=user.pk, read_at__isnull=True
            ).count()
    return request._unread_notifications


def notifications(request):
    # A callable: the template calls it only where it is used, so a page without the
    # header costs nothing.
    return {"unread_notification_count": lambda: unread_count(request)}
