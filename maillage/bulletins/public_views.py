"""Public pages of the bulletin, no login: the Atom feed of a space's sent issues,
subscribing to the public edition (double opt-in), confirming, unsubscribing in one click."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.csrf import csrf_exempt

from maillage.access import space_view
from maillage.spaces.models import Space

from . import services
from .emails import PUBLIC, sections_for
from .forms import SubscribeForm
from .models import Issue

FEED_SIZE = 20


@space_view()
def feed(request, space):
    """The public edition of the last sent issues, as Atom."""
    base = settings.SITE_URL
    atom = Atom1Feed(
        title=f"Bulletin de liaison · {space.name}",
        link=f"{base}{space.get_absolute_url()}bulletin/",
        description=f"Les numéros du bulletin de liaison de {space.name}.",
        language="fr",
        feed_url=f"{base}{request.path}",
    )
    issues = (
        Issue.objects.sent()
        .filter(space=space)
        .prefetch_related("sections")
        .order_by("-number")[:FEED_SIZE]
    )
    for issue in issues:
        issue.space = space
        content = render_to_string(
            "bulletins/_feed_entry.html",
            {"issue": issue, "sections": sections_for(issue, PUBLIC)},
        )
        atom.add_item(
            title=str(issue),
            link=f"{base}{issue.get_absolute_url()}",
            description=content,
            unique_id=f"{base}{issue.get_absolute_url()}",
            pubdate=issue.sent_at,
            updateddate=issue.sent_at,
        )
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


@space_view()
def subscribe(request, space):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(space=space, email=form.cleaned_data["email"])
        except services.BulletinError as error:
            form.add_error("email", str(error))
        else:
            # The same answer whatever the address: nobody learns who is subscribed.
            return render(
                request,
                "bulletins/subscribe_sent.html",
                {"space": space, "email": form.cleaned_data["email"]},
            )
    return render(request, "bulletins/subscribe.html", {"space": space, "form": form})


def confirm(request, token):
    """GET shows one button; POST confirms (link scanners open links, a person clicks)."""
    if request.method == "POST":
        try:
            subscriber = services.confirm_subscription(token=token)
        except services.BulletinError as error:
            return render(request, "bulletins/link_invalid.html", {"reason": error}, status=400)
        return render(request, "bulletins/confirm_done.html", {"space": subscriber.space})
    try:
        subscriber = services.read_confirm_token(token)
    except services.BulletinError as error:
        return render(request, "bulletins/link_invalid.html", {"reason": error}, status=400)
    return render(
        request,
        "bulletins/confirm.html",
        {"token": token, "space": subscriber.space, "address": subscriber.email},
    )


# The token is the proof: mail clients post here without a CSRF token (RFC 8058 one-click).
@csrf_exempt
def unsubscribe(request, token):
    """GET shows what will stop and one button; only POST changes anything, because mail
    scanners and link previews open every link of a message."""
    try:
        space_id, address = services.read_unsubscribe_token(token)
    except services.BulletinError as error:
        return render(request, "bulletins/link_invalid.html", {"reason": error}, status=400)
    space = get_object_or_404(Space, pk=space_id)
    context = {"space": space, "address": address}
    if request.method == "POST":
        services.unsubscribe(space=space, address=address)
        return render(request, "bulletins/unsubscribe_done.html", context)
    if services.has_unsubscribed(space=space, address=address):  # the link opened again
        return render(request, "bulletins/unsubscribe_done.html", {**context, "already": True})
    return render(request, "bulletins/unsubscribe.html", context)
