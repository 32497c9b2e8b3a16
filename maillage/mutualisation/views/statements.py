"""Pages of the statements (appels de contribution): producing them from the chosen
scenario, sending them, the list (all for the agents, their own for a mayor or a référent),
a statement with its PDF and CSV (served after checking the right, never from a public URL),
its correction, and the space's yearly summary (CSV)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.access import space_view

from .. import perms
from .. import statements as service
from ..forms import CorrectionForm
from ..models import Statement
from ..services import MutualisationError
from .common import PAGE_SIZE, scenario_view, statement_view


@scenario_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def statements_generate(request, scenario):
    try:
        created = service.generate_statements(actor=request.user, scenario=scenario)
    except MutualisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{len(created)} appels de contribution sont produits ; leurs PDF s'impriment en "
            "arrière-plan. Relisez-les, puis envoyez-les.",
        )
    return redirect(scenario)


@scenario_view(perms.can_manage_mutualisation, need=perms.NEED_MANAGE)
@require_POST
def statements_send(request, scenario):
    try:
        count = service.send_statements(actor=request.user, scenario=scenario)
    except MutualisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{count} appels de contribution sont envoyés.")
    return redirect(scenario)


@space_view(perms.can_see_statements, need=perms.NEED_STATEMENT)
def statement_list(request, space):
    can_manage = perms.can_manage_mutualisation(request.user, space)
    statements = Statement.objects.filter(space=space).select_related(
        "space", "organisation", "scenario__service", "corrects"
    )
    if not can_manage:
        statements = statements.sent().filter(
            organisation_id__in=perms.represented_organisation_ids(request.user, space)
        )
    year = request.GET.get("annee", "")
    if year.isdigit():
        statements = statements.filter(year=int(year))
    page = Paginator(statements.order_by("-year", "-sequence"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mutualisation/statement_list.html",
        {"space": space, "page": page, "can_manage": can_manage, "year": year},
    )


@statement_view(perms.can_view_statement, need=perms.NEED_STATEMENT)
def statement_detail(request, statement):
    return render(
        request,
        "mutualisation/statement_detail.html",
        {
            "space": statement.space,
            "statement": statement,
            "rows": service.statement_rows(statement),
            "corrections": list(statement.corrections.all()),
            "can_manage": perms.can_manage_mutualisation(request.user, statement.space),
        },
    )


@statement_view(perms.can_view_statement, need=perms.NEED_STATEMENT)
def statement_pdf(request, statement):
    filename = f"appel-{statement.number}.pdf"
    if statement.pdf:
        try:
            return FileResponse(
                statement.pdf.open("rb"),
                content_type="application/pdf",
                as_attachment=True,
                filename=filename,
            )
        except FileNotFoundError:
            pass
    # Not printed yet (the queue is late) or lost: printed now, the same document.
    from ..pdf import statement_pdf as render

    response = HttpResponse(render(statement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@statement_view(perms.can_view_statement, need=perms.NEED_STATEMENT)
def statement_csv(request, statement):
    response = HttpResponse(
        service.statement_csv(statement), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="appel-{statement.number}.csv"'
    return response


def _may_manage(user, statement):
    return perms.can_manage_mutualisation(user, statement.space)


@statement_view(_may_manage, need=perms.NEED_MANAGE)
@require_POST
def statement_send(request, statement):
    try:
        service.send_statement(actor=request.user, statement=statement)
    except MutualisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"L'appel n° {statement.number} est envoyé.")
    return redirect(statement)


@statement_view(_may_manage, need=perms.NEED_MANAGE)
def statement_correct(request, statement):
    form = CorrectionForm(request.POST or None, initial={"amount": statement.amount})
    if request.method == "POST" and form.is_valid():
        try:
            correction = service.correct_statement(
                actor=request.user,
                statement=statement,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
            )
        except MutualisationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request,
                f"L'appel n° {correction.number} corrige l'appel n° {statement.number} : "
                "relisez-le, puis envoyez-le.",
            )
            return redirect(correction)
    return render(
        request,
        "mutualisation/statement_correct.html",
        {"space": statement.space, "statement": statement, "form": form},
    )


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def summary(request, space, year):
    data = service.yearly_summary(space, year)
    page = Paginator(data["members"], PAGE_SIZE).get_page(request.GET.get("page"))
    services = data["services"]
    rows = [
        {
            "name": member["name"],
            "amounts": [member["amounts"].get(s["scenario"].pk) for s in services],
            "total": member["total"],
        }
        for member in page.object_list
    ]
    return render(
        request,
        "mutualisation/summary.html",
        {
            "space": space,
            "year": year,
            "services": services,
            "total": data["total"],
            "page": page,
            "rows": rows,
        },
    )


@space_view(perms.can_view_mutualisation, need=perms.NEED_VIEW)
def summary_csv(request, space, year):
    response = HttpResponse(
        service.yearly_summary_csv(space, year), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="mutualisation-{year}.csv"'
    return response
