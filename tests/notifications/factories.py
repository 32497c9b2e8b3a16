import factory

from maillage.notifications.models import Kind, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    kind = Kind.THREAD
    title = factory.Sequence(lambda n: f"Nouvel échange n° {n}")
    url = "/espaces/cc-test/"
