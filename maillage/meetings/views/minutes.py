"""Pages of the minutes of a sitting (L2121-15): the minutes drawn from the recorded facts,
the secretary's summary of the debates, approval, publication, and the PDFs of the minutes
and of the convocation (see maillage/meetings/services/minutes.py for the facts)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from .. import perms, rules
from ..forms_acts import ApproveMinutesForm, MinutesForm
from ..models import Minutes, SittingStatus
from ..pdf import pdf_response
from ..services import MeetingError
from ..services import acts as services
from ..services.minutes import chair_name, minutes_facts
from .acts import NEED_PUBLISH, _crumbs, _deadline_state, _sitting_crumb
from .common import sitting_view

NEED_MINUTES = (
    "Le procès-verbal non publié est réservé aux membres de l'instance, aux agents et aux "
    "administrateurs de l'espace."
)
NEED_WRITE_MINUTES = (
    "Le procès-verbal est rédigé par le secrétaire de séance, les agents et les administrateurs."
)
NEED_DOSSIER = (
    "La convocation est réservée aux membres de l'instance, aux destinataires de la "
    "convocation, aux agents et aux administrateurs de l'espace."
)

# --- Minutes -----------------------------------------------------------------------------------


def _minutes_context(request, sitting):
    facts = minutes_facts(sitting)
    minutes = facts.minutes
    approval = None
    if minutes is not None and minutes.approved_on is not None:
        approval = _deadline_state(
            rules.publication_deadline(minutes.approved_on), minutes.published_at
        )
    return {
        "space": sitting.body.space,
        "sitting": sitting,
        "body": sitting.body,
        "facts": facts,
        "minutes": minutes,
        "publication": approval,
        "crumbs": _crumbs(sitting.body.space, _sitting_crumb(sitting), ("Procès-verbal", None)),
    }


@sitting_view(perms.can_view_minutes, need=NEED_MINUTES)
def minutes_page(request, sitting):
    context = _minutes_context(request, sitting)
    minutes = context["minutes"]
    can_write = perms.can_write_minutes(request.user, sitting)
    can_publish = perms.can_publish_acts(request.user, sitting.body.space)
    editable = sitting.status == SittingStatus.CLOSED and (
        minutes is None or minutes.approved_on is None
    )
    context.update(
        can_write=can_write and editable,
        can_approve=can_publish and editable,
        can_publish_minutes=can_publish
        and minutes is not None
        and minutes.approved_on is not None
        and minutes.published_at is None,
        approve_form=ApproveMinutesForm(sitting=sitting) if can_publish and editable else None,
    )
    return render(request, "meetings/acts/minutes.html", context)


@sitting_view(perms.can_write_minutes, need=NEED_WRITE_MINUTES)
def minutes_edit(request, sitting):
    existing = Minutes.objects.filter(sitting=sitting).first()
    form = MinutesForm(
        request.POST or None,
        initial={"debates_summary": existing.debates_summary if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_minutes(
                actor=request.user,
                sitting=sitting,
                debates_summary=form.cleaned_data["debates_summary"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La synthèse des débats est enregistrée.")
            return redirect("meetings:minutes", sitting.body.space.slug, sitting.pk)
    space = sitting.body.space
    context = {
        "space": space,
        "sitting": sitting,
        "form": form,
        "crumbs": _crumbs(
            space,
            _sitting_crumb(sitting),
            ("Procès-verbal", reverse("meetings:minutes", args=[space.slug, sitting.pk])),
            ("Synthèse des débats", None),
        ),
    }
    return render(request, "meetings/acts/minutes_edit.html", context)


@sitting_view(lambda user, sitting: perms.can_publish_acts(user, sitting.body.space), NEED_PUBLISH)
@require_POST
def minutes_approve(request, sitting):
    minutes = services.minutes_of(sitting)
    form = ApproveMinutesForm(request.POST, sitting=sitting)
    if minutes is None:
        messages.error(request, "Le procès-verbal s'approuve une fois la séance close.")
    elif not form.is_valid():
        messages.error(request, "Choisissez la séance, postérieure et tenue, qui l'approuve.")
    else:
        try:
            services.approve_minutes(
                actor=request.user, minutes=minutes, at_sitting=form.cleaned_data["at_sitting"]
            )
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Le procès-verbal est approuvé ; publiez-le sous huit jours.")
    return redirect("meetings:minutes", sitting.body.space.slug, sitting.pk)


@sitting_view(lambda user, sitting: perms.can_publish_acts(user, sitting.body.space), NEED_PUBLISH)
@require_POST
def minutes_publish(request, sitting):
    minutes = Minutes.objects.filter(sitting=sitting).first()
    if minutes is None:
        messages.error(request, "Ce procès-verbal n'est pas encore rédigé ni approuvé.")
    else:
        try:
            services.publish_minutes(actor=request.user, minutes=minutes)
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Le procès-verbal est publié.")
    return redirect("meetings:minutes", sitting.body.space.slug, sitting.pk)


@sitting_view(perms.can_view_minutes, need=NEED_MINUTES)
def minutes_pdf(request, sitting):
    context = _minutes_context(request, sitting)
    name = f"proces-verbal-{context['facts'].day:%Y-%m-%d}.pdf"
    return pdf_response(request, "meetings/acts/print/minutes.html", context, name)


# --- Convocation PDF ---------------------------------------------------------------------------


@sitting_view(perms.can_view_dossier, need=NEED_DOSSIER)
def convocation_pdf(request, sitting):
    day = services.sitting_day(sitting)
    context = {
        "sitting": sitting,
        "body": sitting.body,
        "space": sitting.body.space,
        "day": day,
        "chair": chair_name(sitting.body, day),
        "items": sitting.items.select_related("rapporteur").order_by("position"),
        "annexes": sitting.annexes.select_related("item").order_by("item__position", "title"),
        "send_by": rules.convocation_deadline(day, sitting.clear_days),
    }
    name = f"convocation-{day:%Y-%m-%d}.pdf"
    return pdf_response(request, "meetings/acts/print/convocation.html", context, name)


SPACE = "espaces/<slug:slug>/"
SITTING = SPACE + "seances/<int:sitting_id>/"

urlpatterns = [
    path(SITTING + "proces-verbal/", minutes_page, name="minutes"),
    path(SITTING + "proces-verbal/modifier/", minutes_edit, name="minutes_edit"),
    path(SITTING + "proces-verbal/approuver/", minutes_approve, name="minutes_approve"),
    path(SITTING + "proces-verbal/publier/", minutes_publish, name="minutes_publish"),
    path(SITTING + "proces-verbal.pdf", minutes_pdf, name="minutes_pdf"),
    path(SITTING + "convocation.pdf", convocation_pdf, name="convocation_pdf"),
]
