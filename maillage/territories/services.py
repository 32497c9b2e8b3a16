"""Every change to the territory registry."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from maillage.audit.services import log_action

from . import rules
from .models import Kind, Membership, Organisation, PostalCode
from .sources import Registry, SourceError, read_registry

BATCH_SIZE = 2000

# The fields the national files set, per kind; everything else is edited by people.
AREA_FIELDS = ("name", "region_id")
COMMUNE_FIELDS = (
    "name",
    "siren",
    "departement_id",
    "region_id",
    "population_municipale",
    "population_totale",
)
EPCI_FIELDS = (
    "name",
    "epci_type",
    "financing_mode",
    "population_municipale",
    "population_totale",
    "departement_id",
    "region_id",
)

LABELS = {"region": "régions", "departement": "départements", "commune": "communes", "epci": "EPCI"}


def _capitalized(label: str) -> str:
    return label[0].upper() + label[1:]


class TerritoryImportError(Exception):
    """The import failed and changed nothing; the message is in French."""


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    dissolved: Counter = field(default_factory=Counter)
    restored: Counter = field(default_factory=Counter)
    memberships_started: int = 0
    memberships_ended: int = 0
    postcodes_added: int = 0
    postcodes_removed: int = 0
    read: Counter = field(default_factory=Counter)

    @property
    def changes(self) -> int:
        return (
            sum(self.created.values())
            + sum(self.updated.values())
            + sum(self.dissolved.values())
            + sum(self.restored.values())
            + self.memberships_started
            + self.memberships_ended
            + self.postcodes_added
            + self.postcodes_removed
        )

    def lines(self) -> list[str]:
        out = [
            "Lu : "
            + ", ".join(f"{self.read[k]} {LABELS[k]}" for k in LABELS if k in self.read)
            + "."
        ]
        for kind, label in LABELS.items():
            parts = []
            for name, counter in (
                ("créé(e)s", self.created),
                ("modifié(e)s", self.updated),
                ("disparu(e)s", self.dissolved),
                ("rétabli(e)s", self.restored),
            ):
                if counter[kind]:
                    parts.append(f"{counter[kind]} {name}")
            if parts:
                out.append(f"{_capitalized(label)} : " + ", ".join(parts) + ".")
        if self.memberships_started or self.memberships_ended:
            out.append(
                f"Adhésions aux EPCI : {self.memberships_started} ouverte(s), "
                f"{self.memberships_ended} terminée(s)."
            )
        if self.postcodes_added or self.postcodes_removed:
            out.append(
                f"Codes postaux : {self.postcodes_added} ajouté(s), "
                f"{self.postcodes_removed} retiré(s)."
            )
        out.append(f"{self.changes} changement(s) au total.")
        return out


def _chunks(ids: list[int], size: int = 10_000) -> list[list[int]]:
    """SQLite accepts at most 32,766 parameters in one statement."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _no_progress(message: str) -> None:
    pass


def import_territories(
    *,
    source_dir,
    actor=None,
    effective_date: datetime.date | None = None,
    progress: Callable[[str], None] = _no_progress,
) -> ImportReport:
    """Bring the registry in line with the national files of `source_dir`, in one transaction.

    Idempotent: a second run with the same files changes nothing. Nothing is deleted: an
    organisation missing from newer files is marked dissolved on `effective_date` (default:
    today), and a commune that changes EPCI has its membership ended and a new one opened on
    that date. Memberships found by the very first import have no known start date.
    """
    effective_date = effective_date or timezone.localdate()
    progress("Lecture et vérification des fichiers…")
    try:
        registry = read_registry(source_dir)
    except SourceError as error:
        raise TerritoryImportError(str(error)) from error
    report = ImportReport()
    report.read.update(
        region=len(registry.regions),
        departement=len(registry.departements),
        commune=len(registry.communes),
        epci=len(registry.epcis),
    )
    try:
        with transaction.atomic():
            _Importer(registry, report, effective_date, progress).run()
            log_action(
                actor=actor,
                action="territories.import",
                data={
                    "source": str(source_dir),
                    "changes": report.changes,
                    "report": report.lines(),
                },
            )
    except DatabaseError as error:
        # The files were checked first; what remains is a conflict with data entered by hand
        # (a SIREN given to another organisation in the admin, say).
        raise TerritoryImportError(
            "Les fichiers contredisent le registre déjà enregistré (un SIREN ou un code déjà "
            f"attribué à une autre organisation ?) ; rien n'a été importé. Détail : {error}"
        ) from error
    return report


class _Importer:
    def __init__(self, registry: Registry, report: ImportReport, effective_date, progress):
        self.registry, self.report = registry, report
        self.effective_date, self.progress = effective_date, progress

    def run(self):
        regions = self._sync(
            Kind.REGION,
            "insee_code",
            {
                code: {"name": r.name, "region_id": None}
                for code, r in self.registry.regions.items()
            },
            AREA_FIELDS,
        )
        departements = self._sync(
            Kind.DEPARTEMENT,
            "insee_code",
            {
                code: {"name": d.name, "region_id": regions.get(d.region_code)}
                for code, d in self.registry.departements.items()
            },
            AREA_FIELDS,
        )
        communes = self._sync(
            Kind.COMMUNE,
            "insee_code",
            {
                code: {
                    "name": c.name,
                    "siren": c.siren,
                    "departement_id": departements.get(c.departement_code),
                    "region_id": regions.get(c.region_code),
                    "population_municipale": c.population_municipale,
                    "population_totale": c.population_totale,
                }
                for code, c in self.registry.communes.items()
            },
            COMMUNE_FIELDS,
        )
        main_departement = {
            siren: rules.main_area(
                [
                    (
                        self.registry.communes[code].departement_code,
                        self.registry.communes[code].population_municipale or 0,
                    )
                    for code in record.member_codes
                ]
            )
            for siren, record in self.registry.epcis.items()
        }
        epcis = self._sync(
            Kind.EPCI,
            "siren",
            {
                siren: {
                    "name": e.name,
                    "epci_type": e.epci_type,
                    "financing_mode": e.financing_mode,
                    "population_municipale": e.population_municipale,
                    "population_totale": e.population_totale,
                    "departement_id": departements.get(main_departement[siren]),
                    "region_id": regions.get(
                        getattr(
                            self.registry.departements.get(main_departement[siren]),
                            "region_code",
                            "",
                        )
                    ),
                }
                for siren, e in self.registry.epcis.items()
            },
            EPCI_FIELDS,
        )
        self._sync_postcodes(communes)
        self._sync_memberships(communes, epcis)

    def _sync(self, kind: str, key: str, wanted: dict[str, dict], fields: tuple) -> dict:
        """Create, update, dissolve or restore the organisations of one kind; return key → id."""
        self.progress(f"{_capitalized(LABELS[kind])} : {len(wanted)} à rapprocher…")
        existing = {
            row[key]: row
            for row in Organisation.objects.filter(kind=kind).values(
                "id", key, "dissolved_on", *fields
            )
        }
        to_create, to_update, now = [], [], timezone.now()
        for code, values in wanted.items():
            row = existing.get(code)
            if row is None:
                to_create.append(
                    Organisation(
                        kind=kind,
                        search_name=rules.normalize(values["name"]),
                        **{key: code},
                        **values,
                    )
                )
                continue
            changed = any(row[name] != value for name, value in values.items())
            restored = row["dissolved_on"] is not None
            if changed or restored:
                organisation = Organisation(id=row["id"], kind=kind, **{key: code}, **values)
                organisation.search_name = rules.normalize(values["name"])
                organisation.dissolved_on = None
                organisation.updated_at = now
                to_update.append(organisation)
                if restored:
                    self.report.restored[kind] += 1
                else:
                    self.report.updated[kind] += 1
        vanished = [
            row["id"]
            for code, row in existing.items()
            if code not in wanted and row["dissolved_on"] is None
        ]
        for chunk in _chunks(vanished):
            Organisation.objects.filter(id__in=chunk).update(
                dissolved_on=self.effective_date, updated_at=now
            )
        self.report.dissolved[kind] += len(vanished)
        if to_update:
            Organisation.objects.bulk_update(
                to_update,
                [*fields, "search_name", "dissolved_on", "updated_at"],
                batch_size=500,
            )
        for start in range(0, len(to_create), BATCH_SIZE):
            Organisation.objects.bulk_create(to_create[start : start + BATCH_SIZE])
            self.progress(
                f"  {min(start + BATCH_SIZE, len(to_create))}/{len(to_create)} "
                f"{LABELS[kind]} créé(e)s"
            )
        self.report.created[kind] += len(to_create)
        return dict(Organisation.objects.filter(kind=kind).values_list(key, "id"))

    def _sync_postcodes(self, communes: dict[str, int]):
        self.progress("Codes postaux…")
        wanted = {
            (communes[code], postcode)
            for code, record in self.registry.communes.items()
            for postcode in record.postcodes
        }
        existing = {
            (commune_id, code): pk
            for pk, commune_id, code in PostalCode.objects.values_list("id", "commune_id", "code")
        }
        removed = [pk for pair, pk in existing.items() if pair not in wanted]
        for chunk in _chunks(removed):
            PostalCode.objects.filter(id__in=chunk).delete()
        added = [PostalCode(commune_id=c, code=p) for c, p in sorted(wanted - existing.keys())]
        PostalCode.objects.bulk_create(added, batch_size=BATCH_SIZE)
        self.report.postcodes_added += len(added)
        self.report.postcodes_removed += len(removed)

    def _sync_memberships(self, communes: dict[str, int], epcis: dict[str, int]):
        self.progress("Adhésions des communes à leur EPCI…")
        wanted = {
            communes[code]: epcis[siren]
            for siren, record in self.registry.epcis.items()
            for code in record.member_codes
        }
        epci_links = Membership.objects.filter(nature=Membership.Nature.EPCI)
        first_import = not epci_links.exists()
        current = {
            member_id: (pk, group_id)
            for pk, member_id, group_id in epci_links.current().values_list(
                "id", "member_id", "group_id"
            )
        }
        to_end = [
            pk for member_id, (pk, group_id) in current.items() if wanted.get(member_id) != group_id
        ]
        for chunk in _chunks(to_end):
            epci_links.filter(id__in=chunk).update(end_date=self.effective_date)
        start_date = None if first_import else self.effective_date
        to_start = [
            Membership(
                member_id=member_id,
                group_id=group_id,
                nature=Membership.Nature.EPCI,
                start_date=start_date,
            )
            for member_id, group_id in wanted.items()
            if current.get(member_id, (None, None))[1] != group_id
        ]
        Membership.objects.bulk_create(to_start, batch_size=BATCH_SIZE)
        self.report.memberships_ended += len(to_end)
        self.report.memberships_started += len(to_start)
