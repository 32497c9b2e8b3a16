"""The datasets of the exports page: each public dataset in CSV and JSON, built from the
API's serializers (one description of each field for the API and the files)."""

import csv
import json
from dataclasses import dataclass

from django.core.paginator import Paginator

from maillage.projects.progress import progress_by_project

from . import scopes
from .api.communication import ExperienceSerializer, IssueSerializer
from .api.meetings import BodySerializer, DeliberationSerializer, SittingSerializer
from .api.mutualisation import ServiceSerializer
from .api.projects import ProjectSerializer, RoadmapVersionSerializer

CHUNK = 500
FORMATS = ("csv", "json")


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    serializer: type
    queryset: object  # function(space) -> public queryset of the space
    api: str  # the API resource's path
    formats: tuple = FORMATS


DATASETS = {
    d.slug: d
    for d in [
        Dataset(
            "projets",
            "Projets",
            "Les projets publics de l'espace, leur état, leurs dates, les communes concernées "
            "et leur avancement en pour cent.",
            ProjectSerializer,
            lambda space: scopes.projects().filter(space=space),
            "projets",
        ),
        Dataset(
            "services",
            "Services partagés",
            "Le catalogue des services mutualisés : catégorie, description, conditions, "
            "état, dates.",
            ServiceSerializer,
            lambda space: scopes.services().filter(space=space),
            "services",
        ),
        Dataset(
            "instances",
            "Instances",
            "Les assemblées délibérantes de l'espace (conseil communautaire, comité syndical).",
            BodySerializer,
            lambda space: scopes.bodies().filter(space=space),
            "instances",
        ),
        Dataset(
            "seances",
            "Séances",
            "Les séances publiques des assemblées, une fois convoquées : date, lieu, état.",
            SittingSerializer,
            lambda space: scopes.sittings().filter(body__space=space),
            "seances",
        ),
        Dataset(
            "deliberations",
            "Délibérations (JSON)",
            "Les délibérations publiées, texte intégral et votes ; en CSV, voir l'export au "
            "format national SCDL ci-dessus.",
            DeliberationSerializer,
            lambda space: scopes.deliberations().filter(space=space),
            "deliberations",
            ("json",),
        ),
        Dataset(
            "feuilles-de-route",
            "Feuilles de route adoptées",
            "Chaque version adoptée de la feuille de route, avec la délibération qui l'a "
            "adoptée et ses éléments (les projets non publics en sont retirés).",
            RoadmapVersionSerializer,
            lambda space: scopes.roadmap_versions().filter(space=space),
            "feuilles-de-route",
            ("json",),
        ),
        Dataset(
            "bulletins",
            "Bulletin de liaison",
            "Les numéros envoyés du bulletin, dans leur édition publique : titre, "
            "introduction, date d'envoi et rubriques en Markdown (en CSV, une colonne JSON).",
            IssueSerializer,
            lambda space: scopes.bulletin_issues().filter(space=space),
            "bulletins",
        ),
        Dataset(
            "retours-experience",
            "Retours d'expérience",
            "Les retours d'expérience que leurs auteurs ont rendus publics : récit, auteur, "
            "thèmes, communes concernées, adresses de la vidéo et des photos.",
            ExperienceSerializer,
            lambda space: scopes.experiences().filter(space=space),
            "retours-experience",
        ),
    ]
}


def chunks(dataset: Dataset, space, request):
    """The serialised rows of a dataset, CHUNK at a time (a fixed number of queries per
    chunk, whatever the size of the space)."""
    paginator = Paginator(dataset.queryset(space), CHUNK)
    for number in paginator.page_range:
        page = list(paginator.page(number).object_list)
        context = {"request": request}
        if dataset.serializer is ProjectSerializer:
            context["progress"] = progress_by_project(p.pk for p in page)
        yield dataset.serializer(page, many=True, context=context).data


def columns(dataset: Dataset) -> list[str]:
    return list(dataset.serializer.Meta.fields)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


class Echo:
    def write(self, value):
        return value


def csv_lines(dataset: Dataset, space, request):
    writer = csv.writer(Echo(), lineterminator="\r\n")
    names = columns(dataset)
    yield writer.writerow(names)
    for rows in chunks(dataset, space, request):
        for row in rows:
            yield writer.writerow([cell(row.get(name)) for name in names])
