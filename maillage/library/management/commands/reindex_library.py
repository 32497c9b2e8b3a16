"""Rebuild the search index: every current library document (with the text already read, or
read again with --read), every published deliberation; archived documents leave it. Run it
after a restore from backup, a change of database, or to index deliberations published
before the library existed (docs/gouvernance-bibliotheque.md)."""

from django.core.management.base import BaseCommand, CommandError

from maillage.library import deliberations, search, services
from maillage.library.models import Document, Extraction
from maillage.spaces.models import Space


class Command(BaseCommand):
    help = (
        "Réindexe la recherche : documents de la bibliothèque et délibérations publiées "
        "(tous les espaces, ou --space <adresse>)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--space", help="adresse (slug) d'un seul espace")
        parser.add_argument("--read", action="store_true", help="relire le texte de chaque fichier")

    def handle(self, *args, space=None, read=False, **options):
        spaces = Space.objects.all()
        if space:
            spaces = spaces.filter(slug=space)
            if not spaces.exists():
                raise CommandError(f"Aucun espace à l'adresse « {space} ».")
        search.purge_orphans()
        documents = deliberation_count = 0
        for current in spaces:
            queryset = (
                Document.objects.filter(space=current)
                .select_related("space", "current_version")
                .prefetch_related("tags")
            )
            for document in queryset.iterator(chunk_size=200):
                version = document.current_version
                if read and version is not None and version.extraction != Extraction.NONE:
                    services.read_text(version_id=version.pk)  # indexes it too
                else:
                    services.index_document(document)
                documents += 1
            deliberation_count += deliberations.index_published(
                space_id=current.pk, only_missing=False
            )
        self.stdout.write(
            f"{documents} document(s) et {deliberation_count} délibération(s) indexés."
        )
