"""Reading the national registry files of `@etalab/decoupage-administratif` (no ORM here).

Files read from one folder: `regions.json`, `departements.json`, `communes.json`, `epci.json`.
Only *communes actuelles* become organisations: communes déléguées and associées are former
communes inside a commune nouvelle, and arrondissements municipaux (Paris, Lyon, Marseille)
are parts of a commune; none of them is a legal person that can join a grouping.

Every entry is checked before anything is written; the first fault raises `SourceError` with
the file, the entry's position and its code, so that the user can find it.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import rules

EPCI_TYPES = {"CC", "CA", "CU", "METRO", "MET69"}
FINANCING_MODES = {"FPU", "FA"}
FILES = ("regions.json", "departements.json", "communes.json", "epci.json")
MAX_NAME_LENGTH = 200
MAX_COUNT = 2_147_483_647  # the database column's limit
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class SourceError(Exception):
    """A source file that cannot be imported; the message (French) names the entry at fault."""


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    region_code: str = ""


@dataclass
class CommuneRecord:
    insee_code: str
    name: str
    siren: str | None
    departement_code: str
    region_code: str
    postcodes: tuple[str, ...]
    population_municipale: int | None
    population_totale: int | None = None


@dataclass
class EpciRecord:
    siren: str
    name: str
    epci_type: str
    financing_mode: str
    population_municipale: int | None
    population_totale: int | None
    member_codes: list[str] = field(default_factory=list)


@dataclass
class Registry:
    regions: dict[str, AreaRecord]
    departements: dict[str, AreaRecord]
    communes: dict[str, CommuneRecord]
    epcis: dict[str, EpciRecord]


class _Entry:
    """Reads fields of one entry, naming it in every error."""

    def __init__(self, filename: str, index: int, raw):
        self.filename, self.index = filename, index
        if not isinstance(raw, dict):
            self.fail("ce n'est pas un objet JSON")
        self.raw = raw

    def fail(self, reason: str):
        code = self.raw.get("code") if isinstance(getattr(self, "raw", None), dict) else None
        where = f"{self.filename}, entrée n° {self.index + 1}"
        if code:
            where += f" (code {code})"
        raise SourceError(f"{where} : {reason}.")

    def text(self, key: str, required: bool = True, max_length: int = MAX_NAME_LENGTH) -> str:
        value = self.raw.get(key)
        if value is not None and not isinstance(value, str):
            self.fail(f"le champ « {key} » doit être un texte")
        value = (value or "").strip()
        if not value:
            if required:
                self.fail(f"le champ « {key} » manque")
            return ""
        if _CONTROL_RE.search(value):
            self.fail(f"le champ « {key} » contient des caractères de contrôle")
        if len(value) > max_length:
            self.fail(f"le champ « {key} » dépasse {max_length} caractères")
        return value

    def count(self, key: str, raw=None) -> int | None:
        source = self.raw if raw is None else raw
        value = source.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            self.fail(f"le champ « {key} » doit être un nombre entier positif ou nul")
        return value


def _load_list(folder: Path, filename: str) -> list:
    path = folder / filename
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise SourceError(f"Fichier introuvable : {path}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SourceError(f"{filename} n'est pas un fichier JSON valide : {error}.") from None
    if not isinstance(data, list):
        raise SourceError(f"{filename} doit contenir une liste d'entrées.")
    return data


def _areas(folder: Path, filename: str) -> dict[str, AreaRecord]:
    areas = {}
    for index, raw in enumerate(_load_list(folder, filename)):
        entry = _Entry(filename, index, raw)
        code = entry.text("code")
        if code in areas:
            entry.fail("ce code apparaît deux fois")
        if not rules.AREA_CODE_RE.match(code):
            entry.fail("le code doit compter deux ou trois caractères (01, 2A, 974…)")
        areas[code] = AreaRecord(
            code=code, name=entry.text("nom"), region_code=entry.text("region", required=False)
        )
    return areas


def _communes(folder: Path) -> dict[str, CommuneRecord]:
    communes = {}
    for index, raw in enumerate(_load_list(folder, "communes.json")):
        entry = _Entry("communes.json", index, raw)
        if entry.text("type") != "commune-actuelle":
            continue
        code = entry.text("code")
        if not rules.INSEE_CODE_RE.match(code):
            entry.fail("le code INSEE doit compter cinq caractères (chiffres, ou 2A/2B)")
        if code in communes:
            entry.fail("ce code INSEE apparaît deux fois")
        siren = entry.text("siren", required=False) or None
        if siren is not None and not rules.SIREN_RE.match(siren):
            entry.fail("le SIREN doit compter neuf chiffres")
        postcodes = raw.get("codesPostaux") or []
        if not isinstance(postcodes, list) or not all(
            isinstance(p, str) and rules.POSTCODE_RE.match(p) for p in postcodes
        ):
            entry.fail("« codesPostaux » doit être une liste de codes à cinq chiffres")
        communes[code] = CommuneRecord(
            insee_code=code,
            name=entry.text("nom"),
            siren=siren,
            departement_code=entry.text("departement", required=False),
            region_code=entry.text("region", required=False),
            postcodes=tuple(sorted(set(postcodes))),
            population_municipale=entry.count("population"),
        )
    return communes


def _epcis(folder: Path, communes: dict[str, CommuneRecord]) -> dict[str, EpciRecord]:
    epcis = {}
    member_of: dict[str, str] = {}
    for index, raw in enumerate(_load_list(folder, "epci.json")):
        entry = _Entry("epci.json", index, raw)
        siren = entry.text("code")
        if not rules.SIREN_RE.match(siren):
            entry.fail("le code d'un EPCI est son SIREN, neuf chiffres")
        if siren in epcis:
            entry.fail("ce SIREN apparaît deux fois")
        epci_type = entry.text("type")
        if epci_type not in EPCI_TYPES:
            entry.fail(f"type d'EPCI inconnu « {epci_type} » (attendu : CC, CA, CU, METRO)")
        financing_mode = entry.text("modeFinancement", required=False)
        if financing_mode and financing_mode not in FINANCING_MODES:
            entry.fail(f"régime fiscal inconnu « {financing_mode} » (attendu : FPU ou FA)")
        members = raw.get("membres")
        if not isinstance(members, list) or not members:
            entry.fail("« membres » doit être une liste non vide")
        record = EpciRecord(
            siren=siren,
            name=entry.text("nom"),
            epci_type=epci_type,
            financing_mode=financing_mode,
            population_municipale=entry.count("populationMunicipale"),
            population_totale=entry.count("populationTotale"),
        )
        for member in members:
            code = member.get("code") if isinstance(member, dict) else None
            if code not in communes:
                entry.fail(f"le membre « {code} » n'est pas une commune de communes.json")
            if code in member_of:
                entry.fail(f"la commune {code} est déjà membre de l'EPCI {member_of[code]}")
            member_of[code] = siren
            record.member_codes.append(code)
            # The member entries carry both populations of the same year as the EPCI's
            # totals; they replace the single figure of communes.json.
            commune = communes[code]
            municipale = entry.count("populationMunicipale", raw=member)
            if municipale is not None:
                commune.population_municipale = municipale
            commune.population_totale = entry.count("populationTotale", raw=member)
        epcis[siren] = record
    return epcis


def _check_references(registry: Registry) -> None:
    """Every code an entry refers to exists, and no SIREN names two organisations."""
    for code, departement in registry.departements.items():
        if departement.region_code and departement.region_code not in registry.regions:
            raise SourceError(
                f"departements.json (code {code}) : la région « {departement.region_code} » "
                "n'est pas dans regions.json."
            )
    sirens: dict[str, str] = {}
    for code, commune in registry.communes.items():
        if commune.departement_code and commune.departement_code not in registry.departements:
            raise SourceError(
                f"communes.json (code {code}) : le département « {commune.departement_code} » "
                "n'est pas dans departements.json."
            )
        if commune.region_code and commune.region_code not in registry.regions:
            raise SourceError(
                f"communes.json (code {code}) : la région « {commune.region_code} » "
                "n'est pas dans regions.json."
            )
        if commune.siren:
            if commune.siren in sirens:
                raise SourceError(
                    f"communes.json (code {code}) : le SIREN {commune.siren} est déjà celui de "
                    f"{sirens[commune.siren]}."
                )
            sirens[commune.siren] = f"la commune {code}"
    for siren in registry.epcis:
        if siren in sirens:
            raise SourceError(
                f"epci.json (code {siren}) : ce SIREN est déjà celui de {sirens[siren]}."
            )


def read_registry(folder: Path | str) -> Registry:
    """Read and check the four files of a folder; raise SourceError at the first fault."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(f"Dossier introuvable : {folder}.")
    communes = _communes(folder)
    registry = Registry(
        regions=_areas(folder, "regions.json"),
        departements=_areas(folder, "departements.json"),
        communes=communes,
        epcis=_epcis(folder, communes),
    )
    _check_references(registry)
    return registry
