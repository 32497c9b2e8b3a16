"""Pages of the yearly activity report (L5211-39): the list of years with their legal
deadline, the page of one year (introduction, PDF, sending to the mayors) and the PDF."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import space_view

from . import perms, reports, rules
from .forms import IntroductionForm
from .models import ActivityReport
from .services import QualityError
from .views import _apply_error


def _year_or_404(year: int) -> int:
    try:
        reports.check_year(year)
    except QualityError as error:
        raise Http404(error.message) from error
    return year


def _status(year, report, today):
    sent_on = timezone.localdate(report.sent_at) if report and report.sent_at else None
    return {
        "year": year,
        "report": report,
        "deadline": rules.report_deadline(year),
        "met": rules.deadline_met(year, sent_on, today),
        "sent_on": sent_on,
    }


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def report_list(request, space):
    today = timezone.localdate()
    existing = {r.year: r for r in ActivityReport.objects.filter(space=space)}
    years = sorted(
        set(existing) | {today.year - 1, today.year - 2} - {today.year + 1}, reverse=True
    )
    return render(
        request,
        "quality/report_list.html",
        {"space": space, "rows": [_status(y, existing.get(y), today) for y in years]},
    )


def _report_page(request, space, year, form=None, status=200):
    report = reports.report_of(space, year)
    can_manage = perms.can_manage_quality(request.user, space)
    if form is None and can_manage:
        form = IntroductionForm(initial={"introduction": report.introduction if report else ""})
    return render(
        request,
        "quality/report_detail.html",
        {
            "space": space,
            **_status(year, report, timezone.localdate()),
            "can_manage": can_manage,
            "form": form,
            "deliveries": (
                report.deliveries.select_related("person", "organisation") if report else []
            ),
            "reach": reports.mayors_to_reach(space, report) if can_manage else None,
        },
        status=status,
    )


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def report_detail(request, space, year):
    _year_or_404(year)
    if request.method == "POST":
        if not perms.can_manage_quality(request.user, space):
            from maillage.access import deny

            return deny(request, perms.NEED_MANAGE)
        form = IntroductionForm(request.POST)
        if form.is_valid():
            try:
                reports.save_introduction(
                    actor=request.user,
                    space=space,
                    year=year,
                    introduction=form.cleaned_data["introduction"],
                )
            except QualityError as error:
                _apply_error(form, error)
            else:
                messages.success(request, "L'introduction est enregistrée.")
                return redirect("quality:report", space.slug, year)
        return _report_page(request, space, year, form=form, status=400)
    return _report_page(request, space, year)


@require_POST
@space_view(perms.can_manage_quality, need=perms.NEED_MANAGE)
def report_generate(request, space, year):
    _year_or_404(year)
    report = reports.report_of(space, year)
    try:
        if report is None:
            raise QualityError("Rédigez d'abord l'introduction du rapport.")
        reports.request_pdf(actor=request.user, report=report)
    except QualityError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Le PDF est en cours de production ; rechargez la page dans un instant."
        )
    return redirect("quality:report", space.slug, year)


@require_POST
@space_view(perms.can_manage_quality, need=perms.NEED_MANAGE)
def report_send(request, space, year):
    _year_or_404(year)
    report = reports.report_of(space, year)
    try:
        if report is None:
            raise QualityError("Rédigez d'abord l'introduction du rapport.")
        result = reports.send_to_mayors(actor=request.user, report=report)
    except QualityError as error:
        messages.error(request, error.message)
    else:
        queued, already = result["queued"], result["already"]
        text = f"Rapport mis en file d'envoi pour {queued} maire{'s' if queued > 1 else ''}."
        if already == 1:
            text += " 1 maire l'avait déjà reçu : rien ne lui est renvoyé."
        elif already:
            text += f" {already} maires l'avaient déjà reçu : rien ne leur est renvoyé."
        if result["without_email"]:
            text += (
                " Sans adresse électronique, à envoyer par courrier : "
                + ", ".join(result["without_email"])
                + "."
            )
        messages.success(request, text)
    return redirect("quality:report", space.slug, year)


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def report_pdf(request, space, year):
    report = reports.report_of(space, _year_or_404(year))
    if report is None or not report.pdf:
        raise Http404("Le PDF de ce rapport n'est pas encore produit.")
    return FileResponse(
        report.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"rapport-activite-{space.slug}-{year}.pdf",
        as_attachment=False,
    )
