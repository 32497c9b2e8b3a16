from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "maillage.projects"
    verbose_name = "Projets du territoire"

    def ready(self):
        from maillage.comments.registry import register

        from . import perms
        from .models import Follow, Project

        def followers(project):
            from maillage.people.models import Person

            people = list(
                Person.objects.filter(
                    pk__in=Follow.objects.filter(project=project).values("person_id")
                )
            )
            if project.lead_person_id:
                people.append(project.lead_person)
            return people

        register(
            Project,
            can_read=perms.can_view_project,
            can_comment=perms.can_comment,
            space_of=lambda project: project.space,
            url_of=lambda project: project.get_absolute_url(),
            followers=followers,
            label_of=lambda project: f"le projet « {project.title} »",
        )
