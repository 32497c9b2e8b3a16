"""The catalogue of intercommunal competences and their class for each type of EPCI.

Source: CGCT L5214-16 (communautés de communes), L5216-5 (d'agglomération), L5215-20
(urbaines), L5217-2 (métropoles), as amended by the lois NOTRe (2015), Engagement et proximité
(2019, which removed the "optional" class for CC and CA) and LOM (2019). A competence that is
not mandatory for a type is "facultative" (supplémentaire). The Métropole de Lyon (L3641-1) is
left out: its competences are those of a département and a métropole.

The catalogue is editable in the administration; loading it again updates names and classes
but never removes what an administrator added.
"""

M, F = "obligatoire", "facultative"
ARTICLES = {"CC": "L5214-16", "CA": "L5216-5", "CU": "L5215-20", "METRO": "L5217-2"}

# (code, name, description, {EPCI type: category})
COMPETENCES = [
    (
        "amenagement-espace",
        "Aménagement de l'espace : SCoT et schéma de secteur",
        "Aménagement de l'espace pour la conduite d'actions d'intérêt communautaire, schéma de "
        "cohérence territoriale.",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "plui",
        "Plan local d'urbanisme intercommunal",
        "PLU, document d'urbanisme en tenant lieu et carte communale. Pour les CC et CA, le "
        "transfert peut être bloqué par une minorité de communes (loi ALUR, art. 136).",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "developpement-economique",
        "Développement économique",
        "Actions de développement économique (L4251-17), zones d'activité, politique locale du "
        "commerce et soutien aux activités commerciales d'intérêt communautaire.",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "tourisme",
        "Promotion du tourisme, dont la création d'offices de tourisme",
        "",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "mobilite",
        "Organisation de la mobilité",
        "Autorité organisatrice de la mobilité (loi d'orientation des mobilités).",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "habitat",
        "Équilibre social de l'habitat",
        "Programme local de l'habitat, politique du logement d'intérêt communautaire.",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "politique-ville",
        "Politique de la ville",
        "Contrat de ville, dispositifs locaux.",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "gemapi",
        "Gestion des milieux aquatiques et prévention des inondations (GEMAPI)",
        "",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "gens-du-voyage",
        "Accueil des gens du voyage",
        "Aires d'accueil, terrains familiaux locatifs et aires de grand passage.",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "dechets",
        "Collecte et traitement des déchets des ménages et assimilés",
        "",
        {"CC": M, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "eau",
        "Eau",
        "Pour les communautés de communes, le caractère obligatoire du transfert a été modifié "
        "par plusieurs lois successives : vérifier les statuts.",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "assainissement",
        "Assainissement des eaux usées",
        "Pour les communautés de communes, le caractère obligatoire du transfert a été modifié "
        "par plusieurs lois successives : vérifier les statuts.",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "eaux-pluviales",
        "Gestion des eaux pluviales urbaines",
        "",
        {"CC": F, "CA": M, "CU": M, "METRO": M},
    ),
    (
        "voirie",
        "Création, aménagement et entretien de la voirie",
        "",
        {"CC": F, "CA": F, "CU": M, "METRO": M},
    ),
    (
        "equipements",
        "Équipements culturels, socioculturels et sportifs",
        "",
        {"CC": F, "CA": F, "CU": M, "METRO": M},
    ),
    (
        "environnement-energie",
        "Environnement, cadre de vie et transition énergétique",
        "Plan climat-air-énergie territorial, lutte contre la pollution de l'air et le bruit, "
        "soutien à la maîtrise de l'énergie.",
        {"CC": F, "CA": F, "CU": M, "METRO": M},
    ),
    ("cimetieres", "Cimetières et crématoriums", "", {"CC": F, "CA": F, "CU": M, "METRO": M}),
    ("action-sociale", "Action sociale d'intérêt communautaire", "", {"CC": F, "CA": F}),
    ("france-services", "Maisons France Services", "", {"CC": F, "CA": F}),
    (
        "numerique",
        "Réseaux et services de communications électroniques",
        "Établissement et exploitation de réseaux (L1425-1).",
        {"CC": F, "CA": F, "CU": F, "METRO": M},
    ),
]


def load_catalogue(competence_model, rule_model) -> int:
    """Create or update the catalogue; return how many competences were created."""
    created_count = 0
    for position, (code, name, description, categories) in enumerate(COMPETENCES, start=1):
        competence, created = competence_model.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "position": position * 10},
        )
        created_count += created
        for epci_type, category in categories.items():
            rule_model.objects.update_or_create(
                competence=competence,
                epci_type=epci_type,
                defaults={"category": category, "legal_reference": ARTICLES[epci_type]},
            )
    return created_count
