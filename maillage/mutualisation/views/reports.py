"""Pages of the annual mutualisation report (L5211-39-1): its texts and figures, its PDF,
and sending it for opinion to the municipal councils."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import perms, reports
from ..forms import ReportForm
from ..services import MutualisationError


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def report(request, space, year):
    current = reports.report_for(space, year)
    can_manage = perms.can_manage_mutualisation(request.user, space)
    form = None
    if can_manage and not current.opinion_request_id:
        form = ReportForm(
            request.POST or None, initial={"intro": current.intro, "progress": current.progress}
        )
        if request.method == "POST" and form.is_valid():
            try:
                reports.save_report(actor=request.user, space=space, year=year, **form.cleaned_data)
            except MutualisationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Le rapport est enregistré.")
                return redirect("mutualisation:report", space.slug, year)
    elif request.method == "POST":
        return redirect("mutualisation:report", space.slug, year)
    return render(
        request,
        "mutualisation/report.html",
        {
            "space": space,
            "year": year,
            "report": current,
            "form": form,
            "can_manage": can_manage,
            **reports.report_data(space, year),
        },
    )


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def report_pdf(request, space, year):
    from ..pdf import report_pdf as render_report

    current = reports.report_for(space, year)
    content = render_report(space, year, current, reports.report_data(space, year))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rapport-mutualisation-{year}.pdf"'
    return response


@space_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def report_send(request, space, year):
    try:
        opinion_request = reports.send_report_for_opinion(
            actor=request.user, space=space, year=year
        )
    except MutualisationError as error:
        messages.error(request, str(error))
        return redirect("mutualisation:report", space.slug, year)
    messages.success(
        request,
        f"Le rapport est envoyé pour avis aux conseils municipaux ; ils ont jusqu'au "
        f"{opinion_request.deadline:%d/%m/%Y}.",
    )
    return redirect(opinion_request)
