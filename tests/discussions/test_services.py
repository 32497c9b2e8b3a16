import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.audit.models import ActionLog
from maillage.discussions import services
from maillage.discussions.models import (
    Attachment,
    MeetingRequest,
    Openness,
    Reply,
    RequestRound,
    Support,
    Theme,
    Thread,
)
from maillage.discussions.services import DiscussionError
from maillage.meetings.models import BodyKind, ItemKind, SittingStatus
from maillage.notifications.models import Kind, Notification
from maillage.people.models import Function
from maillage.spaces.models import Role
from tests.discussions.factories import ReplyFactory, ThreadFactory, mayor
from tests.meetings.factories import BodyFactory, SeatFactory, SittingFactory, in_days
from tests.people.factories import MandateFactory, person_with_account
from tests.spaces.factories import give

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def new_thread(world, author=None, **kwargs):
    values = {"title": "Déneigement", "body": "Qui a une saleuse ?", **kwargs}
    return services.create_thread(
        actor=(author or world.elu).user,
        space=world.space,
        theme=Theme.objects.get(name="Besoins et solutions"),
        **values,
    )


def notified(person, kind):
    return Notification.objects.filter(person=person, kind=kind)


# --- Who may post -------------------------------------------------------------------------------


def test_a_mayor_opens_a_thread_and_it_is_logged(world):
    thread = new_thread(world)
    assert thread.author == world.elu
    assert thread.space == world.space
    assert ActionLog.objects.filter(action="discussions.create_thread").count() == 1


def test_a_referent_cannot_post_by_default(world):
    with pytest.raises(DiscussionError, match="réservé aux maires"):
        new_thread(world, author=world.referent)
    assert not Thread.objects.exists()


def test_an_outsider_mayor_cannot_post(world):
    with pytest.raises(DiscussionError):
        new_thread(world, author=world.outsider)


def test_agents_and_admins_post(world):
    new_thread(world, author=world.agent)
    new_thread(world, author=world.admin)
    assert Thread.objects.count() == 2


def test_the_president_and_a_vice_president_post(world):
    president = person_with_account(first_name="Paul", last_name="Président")
    MandateFactory(person=president, organisation=world.epci, function=Function.PRESIDENT)
    vice = person_with_account(first_name="Véra", last_name="Vice")
    MandateFactory(person=vice, organisation=world.epci, function=Function.VICE_PRESIDENT)
    new_thread(world, author=president)
    new_thread(world, author=vice)
    assert Thread.objects.count() == 2


def test_an_adjoint_posts_only_once_the_space_opens_the_conference_to_adjoints(world):
    adjoint = person_with_account(first_name="Anne", last_name="Adjointe")
    MandateFactory(person=adjoint, organisation=world.commune, function=Function.ADJOINT)
    with pytest.raises(DiscussionError):
        new_thread(world, author=adjoint)
    services.set_openness(actor=world.admin.user, space=world.space, open_to=Openness.ADJOINTS)
    new_thread(world, author=adjoint)


def test_a_municipal_councillor_posts_once_open_to_every_elu(world):
    councillor = person_with_account(first_name="Chloé", last_name="Conseillère")
    MandateFactory(person=councillor, organisation=world.commune)
    services.set_openness(actor=world.admin.user, space=world.space, open_to=Openness.ADJOINTS)
    with pytest.raises(DiscussionError):
        new_thread(world, author=councillor)
    services.set_openness(actor=world.admin.user, space=world.space, open_to=Openness.ELUS)
    new_thread(world, author=councillor)


def test_a_referent_posts_once_open_to_everyone(world):
    services.set_openness(actor=world.admin.user, space=world.space, open_to=Openness.EVERYONE)
    new_thread(world, author=world.referent)


def test_only_an_admin_sets_the_openness(world):
    with pytest.raises(DiscussionError, match="administrateurs"):
        services.set_openness(actor=world.agent.user, space=world.space, open_to=Openness.ELUS)


def test_an_empty_title_or_message_is_refused(world):
    with pytest.raises(DiscussionError, match="titre"):
        new_thread(world, title="  ")
    with pytest.raises(DiscussionError, match="message"):
        new_thread(world, body="")


def test_a_theme_of_another_space_is_refused(world):
    other = Theme.objects.create(space=BodyFactory().space, name="Voirie")
    with pytest.raises(DiscussionError, match="thème"):
        services.create_thread(
            actor=world.elu.user, space=world.space, theme=other, title="T", body="B"
        )


def test_an_admin_adds_a_theme_once(world):
    theme = services.add_theme(actor=world.admin.user, space=world.space, name="Voirie")
    assert theme in Theme.objects.for_space(world.space)
    with pytest.raises(DiscussionError, match="existe déjà"):
        services.add_theme(actor=world.admin.user, space=world.space, name="voirie")
    with pytest.raises(DiscussionError, match="existe déjà"):
        services.add_theme(actor=world.admin.user, space=world.space, name="Questions")


# --- Notifications and mentions -----------------------------------------------------------------


def test_a_new_thread_tells_the_participants_but_not_its_author_nor_readers(world):
    other = mayor(world.space, first_name="Bruno", last_name="Berger")
    new_thread(world)
    assert notified(other, Kind.THREAD).count() == 1
    assert notified(world.agent, Kind.THREAD).count() == 1
    assert notified(world.admin, Kind.THREAD).count() == 1
    assert not notified(world.elu, Kind.THREAD).exists()
    assert not notified(world.referent, Kind.THREAD).exists()
    assert not notified(world.outsider, Kind.THREAD).exists()


def test_a_mention_tells_the_person_named(world):
    new_thread(world, author=world.agent, body="Qu'en pense @Élise Maire, et @rémi référent ?")
    assert notified(world.elu, Kind.MENTION).count() == 1
    assert notified(world.referent, Kind.MENTION).count() == 1
    # Mentioned, so not told twice about the same thread.
    assert not notified(world.elu, Kind.THREAD).exists()


def test_a_mention_of_someone_outside_the_space_tells_nobody(world):
    new_thread(world, body="Voir avec @Otto Ailleurs")
    assert not notified(world.outsider, Kind.MENTION).exists()


def test_a_reply_tells_the_author_and_those_who_replied_before(world):
    thread = new_thread(world)
    bruno = mayor(world.space, first_name="Bruno", last_name="Berger")
    services.reply(actor=world.agent.user, thread=thread, body="Le SIVOM en prête une.")
    services.reply(actor=bruno.user, thread=thread, body="Nous aussi.")
    assert notified(world.elu, Kind.REPLY).count() == 2
    assert notified(world.agent, Kind.REPLY).count() == 1
    assert not notified(bruno, Kind.REPLY).exists()
    thread.refresh_from_db()
    assert thread.reply_count == 2


def test_a_referent_cannot_reply_by_default(world):
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="Répondre"):
        services.reply(actor=world.referent.user, thread=thread, body="Moi")
    assert not Reply.objects.exists()


# --- Attachments --------------------------------------------------------------------------------


def test_a_pdf_an_image_and_an_office_document_are_attached(world):
    files = [upload("note.pdf", PDF), upload("photo.png", PNG), upload("plan.docx", docx())]
    thread = new_thread(world, files=files)
    kinds = set(Attachment.objects.filter(thread=thread).values_list("content_type", flat=True))
    assert kinds == {
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_a_file_of_a_false_type_is_refused_and_nothing_is_saved(world):
    script = upload("note.pdf", b"<script>alert(1)</script>", "application/pdf")
    with pytest.raises(DiscussionError, match="son contenu a été vérifié"):
        new_thread(world, files=[script])
    assert not Thread.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_10_mo_is_refused(world):
    big = upload("gros.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DiscussionError, match="10 Mo"):
        new_thread(world, files=[big])
    assert not Thread.objects.exists()


def test_more_than_five_files_at_once_are_refused(world):
    with pytest.raises(DiscussionError, match="5 fichiers"):
        new_thread(world, files=[upload(f"{n}.pdf", PDF) for n in range(6)])


def test_a_reply_carries_its_attachments(world):
    thread = new_thread(world)
    answer = services.reply(
        actor=world.agent.user, thread=thread, body="Voici", files=[upload("devis.pdf", PDF)]
    )
    assert answer.attachments.get().original_name == "devis.pdf"


# --- « Moi aussi » ------------------------------------------------------------------------------


def test_a_second_support_by_the_same_person_is_refused(world):
    thread = new_thread(world)
    services.support(actor=world.agent.user, thread=thread)
    with pytest.raises(DiscussionError, match="déjà"):
        services.support(actor=world.agent.user, thread=thread)
    thread.refresh_from_db()
    assert thread.support_count == 1
    assert Support.objects.count() == 1


def test_support_toggles_and_the_count_follows(world):
    thread = new_thread(world)
    assert services.toggle_support(actor=world.agent.user, thread=thread) is True
    assert services.toggle_support(actor=world.admin.user, thread=thread) is True
    assert services.toggle_support(actor=world.agent.user, thread=thread) is False
    thread.refresh_from_db()
    assert thread.support_count == 1


def test_withdrawing_a_support_one_did_not_give_is_refused(world):
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="ne souteniez pas"):
        services.withdraw_support(actor=world.agent.user, thread=thread)


def test_a_referent_cannot_support_by_default(world):
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="moi aussi"):
        services.support(actor=world.referent.user, thread=thread)


# --- Solution -----------------------------------------------------------------------------------


def test_the_author_marks_one_solution_and_a_second_replaces_the_first(world):
    thread = new_thread(world)
    first = services.reply(actor=world.agent.user, thread=thread, body="A")
    second = services.reply(actor=world.admin.user, thread=thread, body="B")
    services.mark_solution(actor=world.elu.user, answer=first)
    services.mark_solution(actor=world.elu.user, answer=second)
    assert list(Reply.objects.filter(is_solution=True)) == [second]
    thread.refresh_from_db()
    assert thread.has_solution


def test_marking_the_solution_again_unmarks_it(world):
    thread = new_thread(world)
    answer = services.reply(actor=world.agent.user, thread=thread, body="A")
    services.mark_solution(actor=world.elu.user, answer=answer)
    services.mark_solution(actor=world.elu.user, answer=answer)
    thread.refresh_from_db()
    assert not thread.has_solution
    assert not Reply.objects.filter(is_solution=True).exists()


def test_an_admin_marks_the_solution_but_another_participant_cannot(world):
    thread = new_thread(world)
    answer = services.reply(actor=world.agent.user, thread=thread, body="A")
    with pytest.raises(DiscussionError, match="auteur"):
        services.mark_solution(actor=world.agent.user, answer=answer)
    services.mark_solution(actor=world.admin.user, answer=answer)


def test_the_database_refuses_two_solutions_in_a_thread(world):
    from django.db import IntegrityError, transaction

    thread = ThreadFactory(space=world.space, author=world.elu)
    ReplyFactory(thread=thread, author=world.agent, is_solution=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplyFactory(thread=thread, author=world.agent, is_solution=True)


# --- Agenda of the next conférence --------------------------------------------------------------


@pytest.fixture
def conference(world):
    body = BodyFactory(
        space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence des maires"
    )
    later = SittingFactory(body=body, starts_at=in_days(40))
    sooner = SittingFactory(body=body, starts_at=in_days(20))
    SittingFactory(body=body, starts_at=in_days(-3))  # past, still in preparation
    SittingFactory(body=body, starts_at=in_days(5), status=SittingStatus.CONVENED)
    return {"body": body, "next": sooner, "later": later}


def test_an_agent_puts_a_thread_on_the_agenda_of_the_next_conference(world, conference):
    thread = new_thread(world)
    services.support(actor=world.agent.user, thread=thread)
    item = services.put_on_agenda(actor=world.agent.user, thread=thread, kind=ItemKind.OPINION)
    assert item.sitting == conference["next"]
    assert item.title == "Déneigement"
    assert item.kind == ItemKind.OPINION
    assert "1 soutien « moi aussi »" in item.summary
    assert thread.get_absolute_url() in item.summary
    thread.refresh_from_db()
    assert thread.agenda_item == item
    assert ActionLog.objects.filter(action="discussions.put_on_agenda").exists()
    assert ActionLog.objects.filter(action="meetings.add_item").exists()


def test_the_president_and_the_chair_put_threads_on_the_agenda(world, conference):
    president = person_with_account(first_name="Paul", last_name="Président")
    MandateFactory(person=president, organisation=world.epci, function=Function.PRESIDENT)
    chair = person_with_account(first_name="Chantal", last_name="Chair")
    SeatFactory(body=conference["body"], person=chair, is_chair=True)
    services.put_on_agenda(actor=president.user, thread=new_thread(world))
    services.put_on_agenda(actor=chair.user, thread=new_thread(world, title="Autre"))
    assert conference["next"].items.count() == 2


def test_a_mayor_cannot_put_a_thread_on_the_agenda(world, conference):
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="président"):
        services.put_on_agenda(actor=world.elu.user, thread=thread)


def test_a_thread_goes_on_an_agenda_only_once(world, conference):
    thread = new_thread(world)
    services.put_on_agenda(actor=world.agent.user, thread=thread)
    with pytest.raises(DiscussionError, match="déjà inscrit"):
        services.put_on_agenda(actor=world.agent.user, thread=thread)
    assert conference["next"].items.count() == 1


def test_a_deliberation_is_not_what_a_thread_becomes(world, conference):
    with pytest.raises(DiscussionError, match="information ou une demande d'avis"):
        services.put_on_agenda(
            actor=world.agent.user, thread=new_thread(world), kind=ItemKind.DELIBERATION
        )


def test_without_a_conference_or_a_sitting_in_preparation_it_says_so(world):
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="pas de conférence des maires"):
        services.put_on_agenda(actor=world.agent.user, thread=thread)
    BodyFactory(space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence")
    with pytest.raises(DiscussionError, match="Aucune séance"):
        services.put_on_agenda(actor=world.agent.user, thread=thread)


def test_a_fixed_agenda_refuses_the_item_with_the_sittings_french_error(world, conference):
    first = SittingFactory(body=conference["body"], starts_at=in_days(-30))
    conference["next"].quorum_failed_for = first
    conference["next"].save()
    thread = new_thread(world)
    with pytest.raises(DiscussionError, match="L2121-17"):
        services.put_on_agenda(actor=world.agent.user, thread=thread)
    thread.refresh_from_db()
    assert thread.agenda_item is None


# --- Meeting requests ---------------------------------------------------------------------------


def _mayors(world, n):
    """`n` more mayors of new member communes (the world has one: Élise Maire)."""
    return [mayor(world.space, first_name="Maire", last_name=f"N{i}") for i in range(n)]


def test_a_mayor_requests_a_meeting_once_per_round(world):
    _mayors(world, 5)  # 6 mayors: 2 requests needed
    services.request_meeting(actor=world.elu.user, space=world.space, reason="La voirie")
    with pytest.raises(DiscussionError, match="déjà demandé"):
        services.request_meeting(actor=world.elu.user, space=world.space, reason="Encore")
    assert MeetingRequest.objects.count() == 1
    assert MeetingRequest.objects.get().commune == world.commune


def test_only_a_mayor_requests_a_meeting(world):
    for person in (world.agent, world.admin, world.referent, world.outsider):
        with pytest.raises(DiscussionError, match="Seuls les maires"):
            services.request_meeting(actor=person.user, space=world.space, reason="Motif")


def test_a_request_needs_a_reason(world):
    with pytest.raises(DiscussionError, match="motif"):
        services.request_meeting(actor=world.elu.user, space=world.space, reason=" ")


def test_one_third_of_the_mayors_reaches_the_round_and_tells_the_president_and_agents(world):
    others = _mayors(world, 5)  # 6 mayors: 2 requests
    president = person_with_account(first_name="Paul", last_name="Président")
    MandateFactory(person=president, organisation=world.epci, function=Function.PRESIDENT)
    body = BodyFactory(space=world.space, kind=BodyKind.CONFERENCE_MAIRES, name="Conférence")
    chair = person_with_account(first_name="Chantal", last_name="Chair")
    SeatFactory(body=body, person=chair, is_chair=True)
    services.request_meeting(actor=world.elu.user, space=world.space, reason="Voirie")
    assert not notified(president, Kind.MEETING_REQUEST).exists()
    services.request_meeting(actor=others[0].user, space=world.space, reason="Eau")
    current = RequestRound.objects.get()
    assert current.reached_at is not None
    assert (current.mayors_at_reach, current.threshold_at_reach) == (6, 2)
    for person in (president, chair, world.agent):
        assert notified(person, Kind.MEETING_REQUEST).count() == 1
    assert not notified(world.admin, Kind.MEETING_REQUEST).exists()
    assert ActionLog.objects.filter(action="discussions.meeting_request_reached").exists()


def test_after_a_reached_round_a_mayor_may_request_again(world):
    _mayors(world, 2)  # 3 mayors: 1 request is a third
    services.request_meeting(actor=world.elu.user, space=world.space, reason="Voirie")
    services.request_meeting(actor=world.elu.user, space=world.space, reason="Eau")
    assert RequestRound.objects.filter(reached_at__isnull=False).count() == 2


def test_a_fifth_request_triggered_meeting_in_the_year_is_refused(world):
    _mayors(world, 2)  # 3 mayors: each request reaches a round
    for n in range(4):
        services.request_meeting(actor=world.elu.user, space=world.space, reason=f"Motif {n}")
    with pytest.raises(DiscussionError, match="L5211-11-3"):
        services.request_meeting(actor=world.elu.user, space=world.space, reason="Cinquième")
    assert RequestRound.objects.count() == 4
    assert MeetingRequest.objects.count() == 4


def test_the_rounds_of_last_year_do_not_count_this_year(world):
    _mayors(world, 2)
    year = timezone.localdate().year
    for _ in range(4):
        RequestRound.objects.create(space=world.space, year=year - 1, reached_at=timezone.now())
    services.request_meeting(actor=world.elu.user, space=world.space, reason="Voirie")
    assert services.year_figures(world.space)["reached"] == 1


def test_an_unreached_round_of_last_year_has_lapsed(world):
    _mayors(world, 5)
    old = RequestRound.objects.create(space=world.space, year=timezone.localdate().year - 1)
    MeetingRequest.objects.create(
        round=old, person=world.elu, commune=world.commune, reason="Ancienne"
    )
    services.request_meeting(actor=world.elu.user, space=world.space, reason="Nouvelle")
    assert RequestRound.objects.filter(reached_at__isnull=True).count() == 2
    assert services.year_figures(world.space)["count"].requests == 1


def test_an_ended_mayor_is_not_counted_and_cannot_request(world):
    _mayors(world, 2)
    world.elu.mandates.update(end_date=datetime.date(2024, 1, 1))
    assert services.mayor_count(world.space) == 2
    with pytest.raises(DiscussionError):
        services.request_meeting(actor=world.elu.user, space=world.space, reason="Voirie")


def test_the_space_organisation_agents_receive_no_role_by_mandate_alone(world):
    # A DGS with no agent role in the space is not told (only the space's agents are).
    dgs = person_with_account(first_name="Denis", last_name="DGS")
    MandateFactory(person=dgs, organisation=world.epci, function=Function.DGS)
    give(world.space, person_with_account(first_name="Aline", last_name="Agent2"), Role.AGENT)
    recipients = services.meeting_request_recipients(world.space, None)
    assert dgs not in recipients
    assert world.agent in recipients


def test_a_mention_in_a_reply_tells_the_person_once(world):
    thread = new_thread(world)
    services.reply(actor=world.agent.user, thread=thread, body="@élise maire voyez ceci")
    assert notified(world.elu, Kind.MENTION).count() == 1
    assert not notified(world.elu, Kind.REPLY).exists()
