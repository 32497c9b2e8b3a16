import datetime

import pytest
from django.core.management import call_command

from maillage.audit.models import ActionLog
from maillage.people.models import Function, Mandate, Person
from maillage.people.services import import_rne
from tests.territories.factories import CommuneFactory, EpciFactory, add_members

from .factories import MandateFactory
from .test_rne import CM_HEADER, cm_row

pytestmark = pytest.mark.django_db

CC_HEADER = (
    "Code du département;N° SIREN;Libellé de l'EPCI;Code de la commune;Libellé de la commune;"
    "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;Date de début du mandat;"
    "Libellé de la fonction;Date de début de la fonction"
)


@pytest.fixture
def territory():
    epci = EpciFactory(siren="200000172")
    communes = [
        CommuneFactory(insee_code="74042", name="Bonneville"),
        CommuneFactory(insee_code="74164", name="Marignier"),
    ]
    add_members(epci, communes)
    return epci


def csv(*rows, header=CM_HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


FIRST = csv(
    cm_row(nom="DUPONT", fonction="Maire", debut_fonction="26/05/2020"),
    cm_row(nom="MARTIN", fonction="Premier adjoint au maire"),
    cm_row(nom="DURAND"),
    cm_row(commune="74164", nom="PETIT"),
    cm_row(commune="99999", nom="AILLEURS"),
)


def current(**filters):
    return sorted(
        (m.person.last_name, m.organisation.insee_code or m.organisation.siren, m.function)
        for m in Mandate.objects.current()
        .filter(**filters)
        .select_related("person", "organisation")
    )


def test_an_rne_file_creates_people_and_their_mandates_and_reports_refused_rows(territory):
    report = import_rne(raw=FIRST, filename="rne-cm.csv")

    assert report.people_created == 4
    assert current() == [
        ("DUPONT", "74042", "conseiller_municipal"),
        ("DUPONT", "74042", "maire"),
        ("DURAND", "74042", "conseiller_municipal"),
        ("MARTIN", "74042", "adjoint"),
        ("MARTIN", "74042", "conseiller_municipal"),
        ("PETIT", "74164", "conseiller_municipal"),
    ]
    mayor = Mandate.objects.get(function=Function.MAIRE)
    assert mayor.start_date == datetime.date(2020, 5, 26)
    assert mayor.source == Mandate.Source.RNE
    assert [(e.line, e.reason) for e in report.errors] == [
        (6, "commune inconnue du registre : 99999")
    ]
    assert ActionLog.objects.filter(action="people.import_rne").count() == 1


def test_importing_the_same_file_twice_changes_nothing(territory):
    import_rne(raw=FIRST, filename="rne-cm.csv")
    before = list(Mandate.objects.values().order_by("id"))

    report = import_rne(raw=FIRST, filename="rne-cm.csv")

    assert report.changes == 0
    assert list(Mandate.objects.values().order_by("id")) == before
    assert Person.objects.count() == 4


def test_a_newer_file_ends_mandates_that_disappeared_without_deleting_them(territory):
    import_rne(raw=FIRST, filename="rne-cm.csv")
    newer = csv(
        cm_row(nom="MARTIN", fonction="Maire", debut_fonction="01/02/2026"),
        cm_row(nom="DUPONT"),
        cm_row(commune="74164", nom="PETIT"),
    )

    report = import_rne(
        raw=newer, filename="rne-cm-2026.csv", effective_date=datetime.date(2026, 2, 1)
    )

    assert current(organisation__insee_code="74042") == [
        ("DUPONT", "74042", "conseiller_municipal"),
        ("MARTIN", "74042", "conseiller_municipal"),
        ("MARTIN", "74042", "maire"),
    ]
    ended = Mandate.objects.filter(end_date=datetime.date(2026, 2, 1))
    assert sorted((m.person.last_name, m.function) for m in ended) == [
        ("DUPONT", "maire"),
        ("DURAND", "conseiller_municipal"),
        ("MARTIN", "adjoint"),
    ]
    assert report.mandates_ended == 3


def test_a_file_for_one_commune_leaves_the_other_communes_alone(territory):
    import_rne(raw=FIRST, filename="rne-cm.csv")
    import_rne(raw=csv(cm_row(commune="74164", nom="NOUVEAU")), filename="marignier.csv")

    assert ("PETIT", "74164", "conseiller_municipal") not in current()
    assert ("DUPONT", "74042", "maire") in current()


def test_a_mayors_file_alone_creates_the_mayor_and_councillor_mandates(territory):
    report = import_rne(raw=csv(cm_row(nom="DUPONT", fonction="Maire")), filename="maires.csv")
    assert current() == [
        ("DUPONT", "74042", "conseiller_municipal"),
        ("DUPONT", "74042", "maire"),
    ]
    assert report.mandates_created == 2


def test_the_mayors_file_does_not_end_the_other_councillors(territory):
    import_rne(raw=FIRST, filename="rne-cm.csv")
    import_rne(raw=csv(cm_row(nom="DUPONT", fonction="Maire")), filename="rne-maires.csv")

    assert ("DURAND", "74042", "conseiller_municipal") in current()


def test_mandates_entered_by_hand_are_never_ended_by_an_import(territory):
    commune = territory.member_links.first().member
    agent = MandateFactory(organisation=commune, function=Function.SECRETAIRE_MAIRIE)
    import_rne(raw=FIRST, filename="rne-cm.csv")
    import_rne(raw=csv(cm_row(nom="DUPONT")), filename="rne-cm.csv")
    agent.refresh_from_db()
    assert agent.end_date is None


def test_a_community_file_gives_council_seats_representing_a_commune_and_functions(territory):
    rows = [
        "74;200000172;CC;74042;Bonneville;DUPONT;Marie;F;12/03/1965;15/07/2020;"
        "Président du conseil communautaire;15/07/2020",
        "74;200000172;CC;74164;Marignier;PETIT;Jean;M;01/01/1960;15/07/2020;;",
        "74;999999999;CC;74164;Marignier;PERDU;Jean;M;01/01/1960;15/07/2020;;",
    ]
    report = import_rne(raw=csv(*rows, header=CC_HEADER), filename="rne-cc.csv")

    assert current(organisation=territory) == [
        ("DUPONT", "200000172", "conseiller_communautaire"),
        ("DUPONT", "200000172", "president"),
        ("PETIT", "200000172", "conseiller_communautaire"),
    ]
    seat = Mandate.objects.get(person__last_name="PETIT")
    assert seat.represents.insee_code == "74164"
    assert [(e.line, e.reason) for e in report.errors] == [
        (4, "EPCI inconnu du registre : 999999999")
    ]


def test_the_same_person_in_two_files_is_one_person(territory):
    import_rne(raw=FIRST, filename="rne-cm.csv")
    row = (
        "74;200000172;CC;74042;Bonneville;DUPONT;Marie;F;12/03/1965;15/07/2020;"
        "Président du conseil communautaire;15/07/2020"
    )
    import_rne(raw=csv(row, header=CC_HEADER), filename="rne-cc.csv")
    dupont = Person.objects.get(last_name="DUPONT")
    assert dupont.mandates.count() == 4


def test_the_command_imports_files_and_lists_refused_rows(territory, tmp_path, capsys):
    path = tmp_path / "rne-cm.csv"
    path.write_bytes(FIRST)
    call_command("import_rne", str(path))
    output = capsys.readouterr().out
    assert "rne-cm.csv : 5 ligne(s) lue(s), 1 refusée(s)." in output
    assert "ligne 6 : commune inconnue du registre : 99999" in output


def test_long_lists_are_looked_up_in_chunks_with_the_same_result(territory, monkeypatch):
    # SQLite refuses more than 32,766 parameters: a national file needs chunked look-ups.
    monkeypatch.setattr("maillage.people.services.IN_CHUNK", 2)
    import_rne(raw=FIRST, filename="rne-cm.csv")
    assert len(current()) == 6
    newer = csv(cm_row(nom="DUPONT"), cm_row(nom="MARTIN"), cm_row(nom="NEUF"))
    report = import_rne(raw=newer, filename="rne-cm.csv")
    assert report.mandates_ended == 3  # maire, adjoint, DURAND
    assert report.people_created == 1
