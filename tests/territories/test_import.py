"""The national import, on small files written in the real format of decoupage-administratif."""

import copy
import datetime
import json
import os

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from maillage.audit.models import ActionLog
from maillage.territories.models import Kind, Membership, Organisation, PostalCode
from maillage.territories.services import TerritoryImportError, import_territories

REGIONS = [
    {
        "code": "84",
        "chefLieu": "69123",
        "nom": "Auvergne-Rhône-Alpes",
        "typeLiaison": 1,
        "zone": "metro",
    }
]
DEPARTEMENTS = [
    {
        "code": "74",
        "region": "84",
        "chefLieu": "74010",
        "nom": "Haute-Savoie",
        "typeLiaison": 3,
        "zone": "metro",
    },
    {
        "code": "73",
        "region": "84",
        "chefLieu": "73065",
        "nom": "Savoie",
        "typeLiaison": 3,
        "zone": "metro",
    },
]


def commune(code, nom, siren, population, postcodes, departement="74"):
    return {
        "code": code,
        "nom": nom,
        "typeLiaison": 0,
        "zone": "metro",
        "arrondissement": "742",
        "departement": departement,
        "region": "84",
        "type": "commune-actuelle",
        "rangChefLieu": 0,
        "siren": siren,
        "codesPostaux": postcodes,
        "population": population,
    }


COMMUNES = [
    commune("74042", "Bonneville", "217400423", 13335, ["74130"]),
    commune("74164", "Marignier", "217401645", 6600, ["74970"]),
    commune("74024", "Ayse", "217400241", 2300, ["74130"]),
    commune("73001", "Aillon-le-Jeune", "217300011", 400, ["73340"], departement="73"),
    # Former communes inside a commune nouvelle are not organisations of their own.
    {
        "code": "74099",
        "nom": "Ancienne",
        "type": "commune-deleguee",
        "chefLieu": "74042",
        "departement": "74",
        "region": "84",
        "zone": "metro",
    },
]


def member(code, siren, nom, totale, municipale):
    return {
        "code": code,
        "siren": siren,
        "nom": nom,
        "populationTotale": totale,
        "populationMunicipale": municipale,
    }


EPCI = [
    {
        "code": "200000172",
        "nom": "CC Faucigny - Glières",
        "type": "CC",
        "modeFinancement": "FPU",
        "populationTotale": 20348,
        "populationMunicipale": 19752,
        "membres": [
            member("74042", "217400423", "Bonneville", 13736, 13320),
            member("74164", "217401645", "Marignier", 6612, 6432),
        ],
    },
    {
        "code": "200069110",
        "nom": "CC du Cœur des Bauges",
        "type": "CC",
        "modeFinancement": "FA",
        "populationTotale": 2760,
        "populationMunicipale": 2700,
        "membres": [
            member("74024", "217400241", "Ayse", 2360, 2300),
            member("73001", "217300011", "Aillon-le-Jeune", 400, 400),
        ],
    },
]


def write_source(folder, regions=REGIONS, departements=DEPARTEMENTS, communes=COMMUNES, epci=EPCI):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in [
        ("regions", regions),
        ("departements", departements),
        ("communes", communes),
        ("epci", epci),
    ]:
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False))
    return folder


@pytest.fixture
def source(tmp_path):
    return write_source(tmp_path / "v1")


def snapshot():
    return (
        list(Organisation.objects.order_by("id").values()),
        list(Membership.objects.order_by("id").values()),
        list(PostalCode.objects.order_by("id").values()),
    )


@pytest.mark.django_db
def test_the_import_creates_communes_epci_memberships_and_postcodes(source):
    report = import_territories(source_dir=source)

    bonneville = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="74042")
    assert bonneville.siren == "217400423"
    assert bonneville.departement.name == "Haute-Savoie"
    assert bonneville.region.name == "Auvergne-Rhône-Alpes"
    # Both populations come from the EPCI file, of the same year as the EPCI totals.
    assert (bonneville.population_municipale, bonneville.population_totale) == (13320, 13736)
    assert [p.code for p in bonneville.postcodes.all()] == ["74130"]
    epci = Organisation.objects.get(siren="200000172")
    assert (epci.kind, epci.epci_type, epci.financing_mode) == (Kind.EPCI, "CC", "FPU")
    assert sorted(epci.member_links.current().values_list("member__insee_code", flat=True)) == [
        "74042",
        "74164",
    ]
    assert Membership.objects.filter(start_date__isnull=True).count() == 4
    assert not Organisation.objects.filter(insee_code="74099").exists()
    assert report.created == {"region": 1, "departement": 2, "commune": 4, "epci": 2}
    assert ActionLog.objects.filter(action="territories.import").count() == 1


@pytest.mark.django_db
def test_an_epci_lies_in_the_departement_where_most_of_its_inhabitants_live(source):
    import_territories(source_dir=source)

    bauges = Organisation.objects.get(siren="200069110")
    assert bauges.departement.insee_code == "74"
    assert bauges.region.insee_code == "84"


@pytest.mark.django_db
def test_a_second_import_of_the_same_files_changes_nothing(source):
    import_territories(source_dir=source)
    before = snapshot()

    report = import_territories(source_dir=source)

    assert report.changes == 0
    assert snapshot() == before


@pytest.mark.django_db
def test_a_newer_file_updates_what_changed_and_ends_memberships_instead_of_deleting(tmp_path):
    import_territories(source_dir=write_source(tmp_path / "v1"))
    communes = copy.deepcopy(COMMUNES)
    epci = copy.deepcopy(EPCI)
    # Ayse leaves the Bauges for Faucigny - Glières; Aillon-le-Jeune merges away; a
    # population and a postcode change.
    ayse = epci[1]["membres"].pop(0)
    epci[0]["membres"].append(ayse)
    epci[1]["membres"][0]["populationTotale"] = 410
    communes = [c for c in communes if c["code"] != "74024"] + [
        commune("74024", "Ayse", "217400241", 2300, ["74130", "74131"])
    ]
    newer = write_source(tmp_path / "v2", communes=communes, epci=epci)

    report = import_territories(source_dir=newer, effective_date=datetime.date(2027, 1, 1))

    ayse_links = Membership.objects.filter(member__insee_code="74024").order_by("id")
    assert [(m.group.siren, m.start_date, m.end_date) for m in ayse_links] == [
        ("200069110", None, datetime.date(2027, 1, 1)),
        ("200000172", datetime.date(2027, 1, 1), None),
    ]
    assert Organisation.objects.get(insee_code="73001").population_totale == 410
    assert list(
        PostalCode.objects.filter(commune__insee_code="74024").values_list("code", flat=True)
    ) == ["74130", "74131"]
    assert (report.memberships_started, report.memberships_ended) == (1, 1)
    assert report.postcodes_added == 1
    assert report.updated["commune"] == 1
    assert "Adhésions aux EPCI : 1 ouverte(s), 1 terminée(s)." in report.lines()


@pytest.mark.django_db
def test_a_commune_missing_from_a_newer_file_is_marked_dissolved_not_deleted(tmp_path):
    import_territories(source_dir=write_source(tmp_path / "v1"))
    epci = copy.deepcopy(EPCI)
    epci[1]["membres"].pop()  # Aillon-le-Jeune
    communes = [c for c in COMMUNES if c["code"] != "73001"]

    report = import_territories(
        source_dir=write_source(tmp_path / "v2", communes=communes, epci=epci),
        effective_date=datetime.date(2027, 1, 1),
    )

    aillon = Organisation.objects.get(insee_code="73001")
    assert aillon.dissolved_on == datetime.date(2027, 1, 1)
    assert aillon.memberships.get().end_date == datetime.date(2027, 1, 1)
    assert report.dissolved["commune"] == 1


@pytest.mark.parametrize(
    "broken, message",
    [
        (
            lambda c, e: c[1].update(code="7416"),
            "communes.json, entrée n° 2 (code 7416) : le code INSEE",
        ),
        (
            lambda c, e: c[0].pop("nom"),
            "communes.json, entrée n° 1 (code 74042) : le champ « nom » manque",
        ),
        (
            lambda c, e: c[2].update(population=-5),
            "entrée n° 3 (code 74024) : le champ « population »",
        ),
        (
            lambda c, e: e[1].update(type="SIVU"),
            "epci.json, entrée n° 2 (code 200069110) : type d'EPCI inconnu",
        ),
        (
            lambda c, e: e[0]["membres"].append({"code": "99999"}),
            "le membre « 99999 » n'est pas une commune",
        ),
        (
            lambda c, e: e[1]["membres"].append({"code": "74042"}),
            "la commune 74042 est déjà membre de l'EPCI 200000172",
        ),
        (
            lambda c, e: c.append("pas un objet"),
            "communes.json, entrée n° 6 : ce n'est pas un objet JSON",
        ),
        (lambda c, e: c[0].update(nom="x" * 201), "(code 74042) : le champ « nom » dépasse 200"),
        (
            lambda c, e: c[0].update(nom="Bonne\x00ville"),
            "« nom » contient des caractères de contrôle",
        ),
        (lambda c, e: c[0].update(nom="   "), "(code 74042) : le champ « nom » manque"),
        (lambda c, e: c[0].update(departement="99"), "le département « 99 » n'est pas dans"),
        (
            lambda c, e: c[1].update(siren="217400423"),
            "le SIREN 217400423 est déjà celui de la commune 74042",
        ),
        (
            lambda c, e: e[0].update(code="217400423"),
            "epci.json (code 217400423) : ce SIREN est déjà celui",
        ),
        (
            lambda c, e: e[0].update(populationTotale=2**40),
            "« populationTotale » doit être un nombre",
        ),
    ],
)
@pytest.mark.django_db
def test_a_malformed_file_names_the_entry_at_fault_and_imports_nothing(tmp_path, broken, message):
    import_territories(source_dir=write_source(tmp_path / "v1"))
    before = snapshot()
    communes, epci = copy.deepcopy(COMMUNES), copy.deepcopy(EPCI)
    broken(communes, epci)

    with pytest.raises(TerritoryImportError) as error:
        import_territories(source_dir=write_source(tmp_path / "bad", communes=communes, epci=epci))

    assert message in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_conflict_found_while_writing_rolls_everything_back(tmp_path):
    import_territories(source_dir=write_source(tmp_path / "v1"))
    # Someone gave, by hand, the SIREN of a future EPCI to a syndicat.
    Organisation.objects.create(kind=Kind.SYNDICAT_COMMUNES, name="SIVU", siren="200099999")
    before = snapshot()
    epci = copy.deepcopy(EPCI)
    epci.append({**copy.deepcopy(EPCI[1]), "code": "200099999", "nom": "CC Nouvelle",
                 "membres": [epci[1]["membres"].pop()]})  # fmt: skip
    communes = copy.deepcopy(COMMUNES)
    communes[0]["nom"] = "Bonneville-Renommée"  # a change written before the conflict

    with pytest.raises(TerritoryImportError, match="rien n'a été importé"):
        import_territories(source_dir=write_source(tmp_path / "v2", communes=communes, epci=epci))

    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_its_name(tmp_path):
    folder = write_source(tmp_path / "bad")
    (folder / "epci.json").write_text("[{", encoding="utf-8")

    with pytest.raises(TerritoryImportError, match="epci.json n'est pas un fichier JSON valide"):
        import_territories(source_dir=folder)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_the_command_shows_progress_and_the_report_then_refuses_bad_input_in_french(
    source, tmp_path, capsys
):
    call_command("import_territories", source=str(source))
    output = capsys.readouterr().out
    assert "Communes : 4 à rapprocher…" in output
    assert "Import terminé" in output

    call_command("import_territories", source=str(source))
    assert "0 changement(s) au total." in capsys.readouterr().out

    with pytest.raises(CommandError, match="Import refusé, rien n'a changé. Dossier introuvable"):
        call_command("import_territories", source=str(tmp_path / "nowhere"))


REAL_DATA = settings.TERRITORIES_SOURCE_DIR


@pytest.mark.realdata
@pytest.mark.django_db
def test_the_real_national_files_import_whole_and_twice_without_change():
    if not (REAL_DATA / "communes.json").exists():
        if os.environ.get("CI"):
            pytest.fail("Les données nationales manquent : `make data` aurait dû les télécharger.")
        pytest.skip("données nationales absentes (make data)")

    report = import_territories(source_dir=REAL_DATA)

    assert report.created["commune"] == 34969
    assert report.created["epci"] == 1255
    assert Organisation.objects.get(kind=Kind.COMMUNE, insee_code="74042").name == "Bonneville"
    assert import_territories(source_dir=REAL_DATA).changes == 0
