import factory
from django.contrib.contenttypes.models import ContentType

from maillage.comments.models import Comment, Report
from tests.meetings.factories import meeting_world


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment on `target` (a registered object), in `space`."""

    class Meta:
        model = Comment
        exclude = ["target"]

    target = None
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    text = factory.Sequence(lambda n: f"Commentaire n° {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    reason = "Propos déplacés"


def comment_world(world):
    """For the permission matrix: the world's élu commented on the item of the council's
    convened sitting (meeting_world). Built once per test."""
    if getattr(world, "_comments", None) is None:
        meetings = meeting_world(world)
        item = meetings["item"]
        comment = CommentFactory(target=item, space=world.space, author=world.elu)
        world._comments = {**meetings, "comment": comment}
    return world._comments
