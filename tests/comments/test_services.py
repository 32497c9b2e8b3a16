import pytest

from maillage.audit.models import ActionLog
from maillage.comments import perms, services
from maillage.comments.models import Comment, Report
from maillage.comments.registry import entry_for
from maillage.meetings.models import SittingStatus
from maillage.notifications.models import Kind, Notification
from tests.comments.factories import CommentFactory, ReportFactory
from tests.meetings.factories import AgendaItemFactory, SittingFactory, council
from tests.people.factories import person_with_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world):
    """An item of a convened council sitting where the élu sits; the agent reports it."""
    body = council(world.space, people=[world.elu])
    sitting = SittingFactory(body=body, status=SittingStatus.CONVENED)
    return AgendaItemFactory(sitting=sitting, rapporteur=world.agent)


def post(person, item, text="Je propose d'ajouter une annexe."):
    return services.post_comment(actor=person.user, obj=item, text=text)


# Rights per registered model


def test_agenda_items_are_registered_with_the_dossier_rule(world, item):
    assert entry_for(item) is not None
    assert perms.can_read_comments(world.elu.user, item)  # member of the council
    assert perms.can_read_comments(world.agent.user, item)
    assert not perms.can_read_comments(world.referent.user, item)
    assert not perms.can_read_comments(world.outsider.user, item)


def test_comments_of_an_item_in_preparation_are_for_those_who_prepare_it(world, item):
    item.sitting.status = SittingStatus.DRAFT
    item.sitting.save()
    assert not perms.can_read_comments(world.elu.user, item)
    assert not perms.can_comment(world.elu.user, item)
    assert perms.can_comment(world.agent.user, item)


def test_an_unregistered_model_carries_no_comment(world):
    assert not perms.can_read_comments(world.admin.user, world.space)
    with pytest.raises(services.CommentError, match="ce type de contenu"):
        services.post_comment(actor=world.admin.user, obj=world.space, text="x")


def test_an_account_without_a_person_cannot_comment(world, item):
    assert perms.can_read_comments(world.superuser, item)
    assert not perms.can_comment(world.superuser, item)


# Writing


def test_a_comment_is_recorded_and_journaled(world, item):
    comment = post(world.elu, item)
    assert comment.target == item and comment.space == world.space
    assert ActionLog.objects.filter(action="comments.create").count() == 1


def test_an_empty_comment_is_refused_in_french(world, item):
    with pytest.raises(services.CommentError, match="Écrivez votre commentaire"):
        post(world.elu, item, "   ")
    assert not Comment.objects.exists()


def test_the_rapporteur_and_previous_commenters_are_notified_but_not_the_author(world, item):
    post(world.elu, item, "Premier")
    assert list(Notification.objects.values_list("person", "kind")) == [
        (world.agent.pk, Kind.COMMENT)
    ]
    Notification.objects.all().delete()
    post(world.admin, item, "Second")
    assert set(Notification.objects.values_list("person", flat=True)) == {
        world.agent.pk,
        world.elu.pk,
    }
    assert Notification.objects.first().title.startswith("Ada Admin a commenté le point")


def test_a_previous_commenter_who_lost_access_is_not_notified(world, item):
    post(world.elu, item)
    world.elu.seats.update(end_date="2021-01-01")
    Notification.objects.all().delete()
    post(world.admin, item)
    assert set(Notification.objects.values_list("person", flat=True)) == {world.agent.pk}


def test_the_author_edits_their_comment_and_it_says_so(world, item):
    comment = post(world.elu, item)
    services.edit_comment(actor=world.elu.user, comment=comment, text="Corrigé")
    comment.refresh_from_db()
    assert comment.text == "Corrigé" and comment.edited_at is not None


def test_nobody_else_edits_a_comment(world, item):
    comment = post(world.elu, item)
    assert not perms.can_edit_comment(world.admin.user, comment)
    with pytest.raises(services.CommentError, match="Seul l'auteur"):
        services.edit_comment(actor=world.admin.user, comment=comment, text="Pirate")


# Reports


def test_a_reader_reports_a_comment_and_the_space_admins_are_told(world, item):
    comment = post(world.elu, item)
    Notification.objects.all().delete()
    services.report_comment(actor=world.agent.user, comment=comment, reason="Hors sujet")
    assert Report.objects.get().reason == "Hors sujet"
    [notification] = Notification.objects.all()
    assert notification.person == world.admin and notification.kind == Kind.MODERATION


def test_a_person_reports_a_comment_only_once(world, item):
    comment = post(world.elu, item)
    services.report_comment(actor=world.agent.user, comment=comment, reason="Hors sujet")
    with pytest.raises(services.CommentError, match="déjà signalé"):
        services.report_comment(actor=world.agent.user, comment=comment, reason="Encore")
    assert Report.objects.count() == 1


def test_the_database_refuses_a_second_report_by_the_same_person(world, item):
    from django.db import IntegrityError

    comment = post(world.elu, item)
    ReportFactory(comment=comment, person=world.agent)
    with pytest.raises(IntegrityError):
        ReportFactory(comment=comment, person=world.agent)


def test_one_cannot_report_ones_own_comment(world, item):
    comment = post(world.elu, item)
    with pytest.raises(services.CommentError, match="propre commentaire"):
        services.report_comment(actor=world.elu.user, comment=comment, reason="x")


def test_a_report_needs_a_reason(world, item):
    comment = post(world.elu, item)
    with pytest.raises(services.CommentError, match="pourquoi"):
        services.report_comment(actor=world.agent.user, comment=comment, reason=" ")


# Moderation


def test_hiding_needs_a_reason_kept_by_the_database(world, item):
    from django.db import IntegrityError
    from django.utils import timezone

    comment = post(world.elu, item)
    with pytest.raises(services.CommentError, match="motif"):
        services.hide_comment(actor=world.admin.user, comment=comment, reason="")
    with pytest.raises(IntegrityError):
        Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now())


def test_hiding_closes_the_reports_and_notifies_the_author(world, item):
    comment = post(world.elu, item)
    services.report_comment(actor=world.agent.user, comment=comment, reason="Injurieux")
    Notification.objects.all().delete()
    services.hide_comment(actor=world.admin.user, comment=comment, reason="Propos injurieux")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Propos injurieux"
    assert not Comment.objects.filter(space=world.space).reported().exists()
    [notification] = Notification.objects.all()
    assert notification.person == world.elu and notification.kind == Kind.MODERATION
    assert notification.body == "Motif : Propos injurieux"
    assert ActionLog.objects.filter(action="comments.hide").exists()


def test_unhiding_shows_the_text_again_and_notifies_the_author(world, item):
    comment = post(world.elu, item)
    services.hide_comment(actor=world.admin.user, comment=comment, reason="Erreur")
    Notification.objects.all().delete()
    services.unhide_comment(actor=world.admin.user, comment=comment)
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    assert Notification.objects.get().person == world.elu


def test_a_hidden_comment_is_no_longer_edited_by_its_author(world, item):
    comment = post(world.elu, item)
    services.hide_comment(actor=world.admin.user, comment=comment, reason="Hors sujet")
    comment.refresh_from_db()
    assert not perms.can_edit_comment(world.elu.user, comment)
    with pytest.raises(services.CommentError, match="masqué"):
        services.edit_comment(actor=world.elu.user, comment=comment, text="Nouveau")


def test_keeping_a_comment_closes_its_reports(world, item):
    comment = post(world.elu, item)
    services.report_comment(actor=world.agent.user, comment=comment, reason="Bof")
    assert services.dismiss_reports(actor=world.admin.user, comment=comment) == 1
    with pytest.raises(services.CommentError, match="aucun signalement"):
        services.dismiss_reports(actor=world.admin.user, comment=comment)


def test_only_the_space_admins_moderate(world, item):
    assert perms.can_moderate(world.admin.user, world.space)
    assert perms.can_moderate(world.superuser, world.space)
    for person in (world.elu, world.agent, world.referent, person_with_account()):
        assert not perms.can_moderate(person.user, world.space)


def test_comment_factory_builds_a_comment_on_an_item(world, item):
    comment = CommentFactory(target=item, space=world.space, author=world.elu)
    assert list(Comment.objects.on(item)) == [comment]
