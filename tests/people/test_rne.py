"""Reading RNE files: header-driven, both spellings, both separators, both encodings."""

import datetime

import pytest

from maillage.people.rne import RneFileError, parse_function, read_rne

CM_HEADER = (
    "Code du département;Libellé du département;Code de la collectivité à statut particulier;"
    "Libellé de la collectivité à statut particulier;Code de la commune;Libellé de la commune;"
    "Nom de l'élu;Prénom de l'élu;Code sexe;Date de naissance;"
    "Code de la catégorie socio-professionnelle;Libellé de la catégorie socio-professionnelle;"
    "Date de début du mandat;Libellé de la fonction;Date de début de la fonction;"
    "Code nationalité"
)


def cm_row(commune="74042", nom="DUPONT", prenom="Marie", naissance="12/03/1965",
           fonction="", debut_fonction=""):  # fmt: skip
    return (
        f"74;Haute-Savoie;;;{commune};Bonneville;{nom};{prenom};F;{naissance};23;"
        f"Cadres de la fonction publique;23/05/2020;{fonction};{debut_fonction};FR"
    )


def test_a_municipal_file_gives_one_row_per_councillor_with_its_function():
    rows = [
        CM_HEADER,
        cm_row(fonction="Maire", debut_fonction="26/05/2020"),
        cm_row(nom="MARTIN", fonction="Deuxième adjoint au maire"),
    ]
    raw = "\n".join(rows).encode()
    parsed = read_rne(raw)
    assert not parsed.is_community
    assert parsed.errors == []
    mayor, adjoint = parsed.rows
    assert (mayor.commune_code, mayor.last_name, mayor.first_name) == ("74042", "DUPONT", "Marie")
    assert mayor.birth_date == datetime.date(1965, 3, 12)
    assert (mayor.function, mayor.function_start) == ("maire", datetime.date(2020, 5, 26))
    assert (adjoint.function, adjoint.rank) == ("adjoint", 2)
    assert mayor.line == 2


def test_snake_case_headers_commas_and_latin1_are_read_the_same():
    header = (
        "code_du_departement,code_de_la_commune,libelle_de_la_commune,nom_de_l_elu,"
        "prenom_de_l_elu,code_sexe,date_de_naissance,date_de_debut_du_mandat,"
        "libelle_de_la_fonction"
    )
    row = "74,74042,Bonneville,LEFÈVRE,Hélène,F,01/01/1970,23/05/2020,Maire"
    parsed = read_rne(f"{header}\n{row}\n".encode("latin-1"))
    assert parsed.errors == []
    assert parsed.rows[0].last_name == "LEFÈVRE"
    assert parsed.rows[0].first_name == "Hélène"
    assert parsed.rows[0].function == "maire"


def test_a_community_file_carries_the_siren_of_the_epci():
    header = (
        "Code du département;Libellé du département;N° SIREN;Libellé de l'EPCI;"
        "Code de la commune;Libellé de la commune;Nom de l'élu;Prénom de l'élu;Code sexe;"
        "Date de naissance;Code de la catégorie socio-professionnelle;"
        "Libellé de la catégorie socio-professionnelle;Date de début du mandat;"
        "Libellé de la fonction;Date de début de la fonction"
    )
    row = (
        "74;Haute-Savoie;200000172;CC Faucigny - Glières;74042;Bonneville;DUPONT;Marie;F;"
        "12/03/1965;23;Cadres;15/07/2020;3e vice-président;15/07/2020"
    )
    parsed = read_rne(f"{header}\n{row}".encode())
    assert parsed.is_community
    assert (parsed.rows[0].siren, parsed.rows[0].function, parsed.rows[0].rank) == (
        "200000172",
        "vice_president",
        3,
    )


@pytest.mark.parametrize(
    "row, reason",
    [
        (cm_row(naissance="1965-13-45"), "« Date de naissance » n'est pas une date"),
        (cm_row(commune="7A042"), "code de commune invalide « 7A042 »"),
        (cm_row(nom=""), "le nom ou le prénom de l'élu manque"),
        (
            cm_row().replace("23/05/2020", "demain"),
            "« Date de début du mandat » n'est pas une date",
        ),
        (cm_row(commune="99999"), "commune inconnue du registre : 99999"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_reason_and_the_others_are_kept(row, reason):
    raw = "\n".join([CM_HEADER, cm_row(nom="BON"), row, cm_row(nom="AUSSI")]).encode()
    parsed = read_rne(raw, known_communes={"74042"})
    assert [r.last_name for r in parsed.rows] == ["BON", "AUSSI"]
    assert len(parsed.errors) == 1
    assert parsed.errors[0].line == 3
    assert reason in parsed.errors[0].reason


def test_a_duplicated_row_is_refused_naming_the_first():
    parsed = read_rne("\n".join([CM_HEADER, cm_row(), cm_row()]).encode())
    assert len(parsed.rows) == 1
    assert parsed.errors[0].line == 3
    assert parsed.errors[0].reason == "ligne en double de la ligne 2"


def test_a_leading_zero_lost_by_a_spreadsheet_is_restored():
    parsed = read_rne("\n".join([CM_HEADER, cm_row(commune="1001")]).encode())
    assert parsed.rows[0].commune_code == "01001"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Le fichier est vide."),
        (b"nom;prenom\nA;B", "« Code de la commune », « Nom de l'élu »"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "En-têtes non reconnus"),
    ],
)
def test_a_file_without_the_rne_headers_is_refused_as_a_whole(content, message):
    with pytest.raises(RneFileError, match=message):
        read_rne(content)


@pytest.mark.parametrize(
    "label, community, expected",
    [
        ("Maire", False, ("maire", None)),
        ("Premier adjoint au maire", False, ("adjoint", 1)),
        ("8e adjoint au maire", False, ("adjoint", 8)),
        ("Maire délégué", False, ("maire_delegue", None)),
        ("Conseiller municipal délégué", False, ("", None)),
        ("Président du conseil communautaire", True, ("president", None)),
        ("Vice-président", True, ("vice_president", None)),
        ("1er vice-président", True, ("vice_president", 1)),
        ("Membre du bureau", True, ("membre_bureau", None)),
        ("", False, ("", None)),
        ("Fonction inconnue", True, ("", None)),
    ],
)
def test_function_labels_map_to_the_closed_list(label, community, expected):
    assert parse_function(label, community) == expected
