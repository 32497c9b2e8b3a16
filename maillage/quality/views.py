"""Pages of the quality plan: its home, the processes (list with overdue reviews first, form,
page with its documents and review) and the activity indicators (SVG charts, tables, CSV).
The register's pages are in `register_views.py`, the report's in `report_views.py`."""

import csv
import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.access import deny, space_view
from maillage.dashboards import charts

from . import indicators as indicator_module
from . import perms, rules, services
from .forms import DocumentForm, ProcessForm, ReviewForm
from .models import ActivityReport, Improvement, Process

PAGE_SIZE = 50


def process_view(permission, need=""):
    """Load the process of the URL in the space; `permission(user, process)` must hold."""

    def decorator(view):
        @functools.wraps(view)
        @space_view(perms.can_view_quality, need=perms.NEED_VIEW)
        def wrapper(request, space, process_id, *args, **kwargs):
            process = get_object_or_404(
                Process.objects.select_related("owner", "space"), pk=process_id, space=space
            )
            if not permission(request.user, process):
                return deny(request, need)
            return view(request, space, process, *args, **kwargs)

        return wrapper

    return decorator


def _apply_error(form, error: services.QualityError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def chosen_year(request) -> int:
    """The year asked in `?annee=`, else the past year until June and the current one after
    *(choice: the report on last year is what one prepares in the first half-year)*."""
    today = timezone.localdate()
    default = today.year - 1 if today.month <= 6 else today.year
    try:
        year = int(request.GET.get("annee", default))
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= today.year else default


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def home(request, space):
    today = timezone.localdate()
    year = today.year - 1
    report = ActivityReport.objects.filter(space=space, year=year).first()
    return render(
        request,
        "quality/home.html",
        {
            "space": space,
            "overdue": Process.objects.overdue(today).filter(space=space).count(),
            "processes": Process.objects.current().filter(space=space).count(),
            "open_improvements": Improvement.objects.open().filter(space=space).count(),
            "year": year,
            "report": report,
            "deadline": rules.report_deadline(year),
            "deadline_met": rules.deadline_met(
                year,
                timezone.localdate(report.sent_at) if report and report.sent_at else None,
                today,
            ),
            "can_manage": perms.can_manage_quality(request.user, space),
        },
    )


# --- Processes ----------------------------------------------------------------------------------


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def process_list(request, space):
    today = timezone.localdate()
    archived = request.GET.get("archives") == "1"
    queryset = Process.objects.filter(space=space, archived_at__isnull=not archived)
    queryset = (
        queryset.select_related("owner")
        .annotate(
            late=Case(
                When(next_review_on__lt=today, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("late", "next_review_on", "title", "pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/process_list.html",
        {
            "space": space,
            "page": page,
            "archived": archived,
            "today": today,
            "overdue": Process.objects.overdue(today).filter(space=space).count(),
            "can_manage": perms.can_manage_quality(request.user, space),
        },
    )


def _process_form_page(request, space, process=None):
    initial = {}
    if process is not None:
        initial = {
            "title": process.title,
            "purpose": process.purpose,
            "steps": "\n".join(process.steps),
            "owner": process.owner_id,
            "last_review_on": process.last_review_on,
            "next_review_on": process.next_review_on,
        }
    form = ProcessForm(request.POST or None, initial=initial, space=space)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "title": data["title"],
            "purpose": data["purpose"],
            "steps": data["steps"],
            "owner": data["owner"],
            "last_review_on": data["last_review_on"],
            "next_review_on": data["next_review_on"],
        }
        try:
            if process is None:
                process = services.create_process(actor=request.user, space=space, **values)
                messages.success(request, "Le processus est documenté.")
            else:
                services.update_process(actor=request.user, process=process, **values)
                messages.success(request, "Le processus est modifié.")
        except services.QualityError as error:
            _apply_error(form, error)
        else:
            return redirect(process.get_absolute_url())
    return render(
        request, "quality/process_form.html", {"space": space, "form": form, "process": process}
    )


@space_view(perms.can_manage_quality, need=perms.NEED_MANAGE)
def process_create(request, space):
    return _process_form_page(request, space)


@process_view(perms.can_edit_process, need=perms.NEED_MANAGE)
def process_edit(request, space, process):
    return _process_form_page(request, space, process)


def _process_page(request, space, process, *, review_form=None, document_form=None, status=200):
    user = request.user
    can_review = perms.can_review_process(user, process)
    can_edit = perms.can_edit_process(user, process)
    return render(
        request,
        "quality/process_detail.html",
        {
            "space": space,
            "process": process,
            "documents": process.documents.select_related("document"),
            "can_review": can_review,
            "can_edit": can_edit,
            "review_form": review_form or (ReviewForm() if can_review else None),
            "document_form": document_form or (DocumentForm(space=space) if can_edit else None),
        },
        status=status,
    )


@process_view(lambda user, process: True)
def process_detail(request, space, process):
    return _process_page(request, space, process)


@require_POST
@process_view(perms.can_review_process, need=perms.NEED_REVIEW)
def process_review(request, space, process):
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_process(
                actor=request.user,
                process=process,
                next_review_on=form.cleaned_data["next_review_on"],
                note=form.cleaned_data["note"],
            )
        except services.QualityError as error:
            _apply_error(form, error)
        else:
            messages.success(request, "La revue est enregistrée.")
            return redirect(process.get_absolute_url())
    return _process_page(request, space, process, review_form=form, status=400)


@require_POST
@process_view(perms.can_edit_process, need=perms.NEED_MANAGE)
def process_document(request, space, process):
    form = DocumentForm(request.POST, space=space)
    if form.is_valid():
        try:
            services.add_process_document(
                actor=request.user,
                process=process,
                document=form.cleaned_data["document"],
                url=form.cleaned_data["url"],
                label=form.cleaned_data["label"],
            )
        except services.QualityError as error:
            _apply_error(form, error)
        else:
            messages.success(request, "Le document est lié au processus.")
            return redirect(process.get_absolute_url())
    return _process_page(request, space, process, document_form=form, status=400)


@require_POST
@process_view(perms.can_edit_process, need=perms.NEED_MANAGE)
def process_archive(request, space, process):
    try:
        services.archive_process(actor=request.user, process=process)
    except services.QualityError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Le processus est archivé ; il reste consultable.")
    return redirect("quality:processes", space.slug)


# --- Indicators ---------------------------------------------------------------------------------


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def indicators(request, space):
    year = chosen_year(request)
    items = indicator_module.indicators_for(space, year)
    for item in items:
        item.chart = charts.bar_chart(
            f"qualite-{item.key}", item.title, item.bars, **item.chart_options()
        )
    today = timezone.localdate()
    return render(
        request,
        "quality/indicators.html",
        {
            "space": space,
            "year": year,
            "years": list(range(today.year, max(today.year - 6, 1999), -1)),
            "indicators": items,
        },
    )


@space_view(perms.can_view_quality, need=perms.NEED_VIEW)
def indicators_csv(request, space):
    year = chosen_year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicateurs-{space.slug}-{year}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Indicateur", "Valeur de l'année", "Unité", "Définition"])
    items = indicator_module.indicators_for(space, year)
    for item in items:
        writer.writerow([item.title, _csv_value(item.value), item.unit, item.definition])
    for item in items:
        writer.writerow([])
        writer.writerow([item.title])
        writer.writerow(item.header)
        for row in item.rows:
            writer.writerow([_csv_value(value) for value in row])
    return response


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value).replace(".", ",") if not isinstance(value, str) else value
