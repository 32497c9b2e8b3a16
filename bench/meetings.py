"""The sittings part of the bench: a council of 158 seats (the largest EPCI), its convocations
through the queue, quorum and outcome, 158 members voting from their phones at once against a
local server, and the register of a space with 5,000 deliberations."""

import datetime
import http.client
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEATS = 158
DELIBERATIONS = 5_000
SERVER_THREADS = 8


def _percentile(values, share):
    values = sorted(values)
    return values[math.ceil(share * len(values)) - 1]


def _council(space, actor):
    """A council seating one élu of each member commune (its mayor first), and fictitious
    members for communes without an élu, up to 158 seats."""
    from maillage.meetings.models import Body, BodyKind, Seat
    from maillage.people.models import FUNCTION_ORDER, Mandate, Person

    body = Body.objects.create(
        space=space, kind=BodyKind.CONSEIL_COMMUNAUTAIRE, name="Conseil communautaire (bench)"
    )
    elected = Mandate.objects.current().in_space(space).elected()
    best: dict[int, tuple[int, int]] = {}
    for organisation_id, person_id, function in elected.values_list(
        "organisation_id", "person_id", "function"
    ):
        rank = FUNCTION_ORDER[function]
        if organisation_id not in best or rank < best[organisation_id][0]:
            best[organisation_id] = (rank, person_id)
    communes = list(space.members.current().values_list("organisation_id", flat=True))
    seats = []
    for n, organisation_id in enumerate(communes[:SEATS]):
        if organisation_id in best:
            person_id = best[organisation_id][1]
        else:
            person_id = Person.objects.create(
                first_name="Élu", last_name=f"Fictif {n}", email=f"fictif{n}@bench.test"
            ).pk
        seats.append(
            Seat(
                body=body,
                person_id=person_id,
                organisation_id=organisation_id,
                is_chair=not seats,
                start_date=datetime.date(2020, 7, 15),
            )
        )
    Seat.objects.bulk_create(seats)
    return body


def _accounts(body):
    """An account with an e-mail address for every seated person."""
    from maillage.people.models import Person, User

    people = Person.objects.filter(seats__body=body).distinct()
    for person in people:
        if person.user_id is None:
            email = person.email or f"elu{person.pk}@bench.test"
            person.user = User.objects.create(username=f"bench{person.pk}", email=email)
            person.email = email
            person.save(update_fields=["user", "email"])


def convocations(space, actor) -> dict:
    """Prepare a sitting in 10 days and send its convocations: the time to enqueue, then the
    time for the worker to deliver them all."""
    from django.core.management import call_command
    from django.utils import timezone

    from maillage.meetings.models import Convocation, ItemKind
    from maillage.meetings.services import bodies, convocations

    body = _council(space, actor)
    _accounts(body)
    starts_at = timezone.now().replace(hour=18, minute=0) + datetime.timedelta(days=10)
    sitting = bodies.create_sitting(
        actor=actor, body=body, starts_at=starts_at, place="Salle du conseil"
    )
    for n in range(1, 4):
        bodies.add_item(
            actor=actor, sitting=sitting, title=f"Objet {n}", kind=ItemKind.DELIBERATION
        )
    start = time.perf_counter()
    sent = convocations.send_convocations(actor=actor, sitting=sitting)
    enqueue_s = time.perf_counter() - start
    start = time.perf_counter()
    call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)
    deliver_s = time.perf_counter() - start
    delivered = Convocation.objects.filter(sitting=sitting, delivered_at__isnull=False).count()
    return {
        "body": body,
        "seats": body.seats.count(),
        "recipients": len(sent),
        "enqueue_s": enqueue_s,
        "deliver_s": deliver_s,
        "delivered": delivered,
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("The local server did not start.")


def _session_cookie(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def phone_votes(space, body, actor) -> dict:
    """Hold a sitting today with every member present, open an electronic vote, and let the
    158 members vote at once from their "phones" (one thread and one HTTP connection each)
    against a local server; then check that no vote was lost or counted twice."""
    from django.utils import timezone

    from maillage.meetings.models import Ballot, ItemKind, Presence, SittingStatus
    from maillage.meetings.rules import quorum, quorum_reached
    from maillage.meetings.services import bodies, session
    from maillage.meetings.services import votes as voting

    starts_at = timezone.localtime().replace(second=0, microsecond=0)
    sitting = bodies.create_sitting(
        actor=actor,
        body=body,
        starts_at=starts_at + datetime.timedelta(days=30),
        place="Salle du conseil",
    )
    item = bodies.add_item(
        actor=actor, sitting=sitting, title="Vote depuis les téléphones", kind=ItemKind.DELIBERATION
    )
    # The bench holds the sitting today: move it and mark it convened directly.
    type(sitting).objects.filter(pk=sitting.pk).update(
        starts_at=starts_at, status=SittingStatus.CONVENED
    )
    sitting.refresh_from_db()
    session.open_sitting(actor=actor, sitting=sitting)
    seats = list(body.seats.current().select_related("person__user"))
    start = time.perf_counter()
    for seat in seats:
        session.record_attendance(actor=actor, sitting=sitting, seat=seat, status=Presence.PRESENT)
    attendance_s = time.perf_counter() - start
    start = time.perf_counter()
    reached = quorum_reached(members_in_office=len(seats), present=len(seats))
    needed = quorum(len(seats))
    rules_us = (time.perf_counter() - start) * 1e6
    vote = voting.open_vote(actor=actor, item=item, electronic=True)

    port = _free_port()
    env = dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}")
    server = subprocess.Popen(
        [sys.executable, "bench/serve.py", str(port), str(SERVER_THREADS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        path = f"/espaces/{space.slug}/seances/{sitting.pk}/voter/"
        voters = []
        for seat in seats:
            cookie = _session_cookie(seat.person.user)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
            response = connection.getresponse()
            page = response.read().decode()
            csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if response.status != 200 or not token or not csrf_cookie:
                sys.exit(f"GET {path} for {seat.person}: {response.status}, no vote form.")
            connection.close()
            voters.append((seat, cookie, csrf_cookie.group(1), token.group(1)))
        barrier = threading.Barrier(len(voters))
        latencies, statuses = [], []
        lock = threading.Lock()

        def cast(seat, cookie, csrf_cookie, token, choice):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            body_ = f"csrfmiddlewaretoken={token}&vote={vote.pk}&choice={choice}"
            headers = {
                "Cookie": f"sessionid={cookie}; csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}{path}",
            }
            barrier.wait()
            started = time.perf_counter()
            try:
                connection.request("POST", path, body=body_, headers=headers)
                status = connection.getresponse().status
            except OSError:
                status = 599  # the connection failed: the phone shows an error
            elapsed = time.perf_counter() - started
            connection.close()
            with lock:
                latencies.append(elapsed * 1000)
                statuses.append(status)

        threads = [
            threading.Thread(target=cast, args=(*voter, "for" if n % 3 else "against"))
            for n, voter in enumerate(voters)
        ]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall_s = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=10)

    # One phone alone changing its vote, in process: the cost of a ballot without the crowd.
    from django.test import Client

    alone = Client()
    alone.force_login(seats[0].person.user)
    single = []
    for n in range(20):
        started = time.perf_counter()
        response = alone.post(path, {"vote": vote.pk, "choice": "for" if n % 2 else "against"})
        single.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            sys.exit(f"POST {path} answered {response.status_code}.")
    ballots = Ballot.objects.filter(vote=vote)
    distinct = ballots.values("voter").distinct().count()
    start = time.perf_counter()
    closed = voting.close_vote(actor=actor, vote=vote)
    close_ms = (time.perf_counter() - start) * 1000
    return {
        "members": len(seats),
        "quorum": needed,
        "reached": reached,
        "attendance_s": attendance_s,
        "rules_us": rules_us,
        "ballots": ballots.count(),
        "distinct": distinct,
        "errors": sum(1 for s in statuses if s >= 400),
        "median_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 0.95),
        "wall_s": wall_s,
        "single_ms": statistics.median(single),
        "close_ms": close_ms,
        "outcome": f"{closed.get_outcome_display()} ({closed.votes_for} pour, "
        f"{closed.votes_against} contre)",
    }


def many_deliberations(space, body) -> None:
    """5,000 deliberations over 100 closed sittings of the council, in bulk."""
    from django.utils import timezone

    from maillage.meetings.models import (
        AgendaItem,
        Deliberation,
        Outcome,
        Sitting,
        SittingStatus,
    )

    per_sitting = DELIBERATIONS // 100
    first = timezone.now() - datetime.timedelta(days=800)
    sittings = Sitting.objects.bulk_create(
        Sitting(
            body=body,
            starts_at=first + datetime.timedelta(days=7 * n),
            place="Salle du conseil",
            clear_days=5,
            status=SittingStatus.CLOSED,
        )
        for n in range(100)
    )
    sittings = list(Sitting.objects.filter(body=body, status=SittingStatus.CLOSED))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(sitting=s, position=p + 1, title=f"Objet {p + 1} de la séance")
        for s in sittings
        for p in range(per_sitting)
    )
    items = AgendaItem.objects.filter(sitting__in=sittings).select_related("sitting")
    sequences: dict[int, int] = {}
    deliberations = []
    for item in items.order_by("sitting__starts_at", "position"):
        year = item.sitting.starts_at.year
        sequences[year] = sequences.get(year, 0) + 1
        deliberations.append(
            Deliberation(
                space=space,
                item=item,
                year=year,
                sequence=sequences[year],
                title=item.title,
                text="Le conseil communautaire, après en avoir délibéré, approuve.",
                decided_on=item.sitting.starts_at.date(),
                outcome=Outcome.ADOPTED,
                members_in_office=SEATS,
                present=120,
                represented=10,
                votes_for=100,
                votes_against=20,
                abstentions=10,
                published_at=item.sitting.starts_at,
            )
        )
    Deliberation.objects.bulk_create(deliberations, batch_size=500)


def run(space, measure, repeat) -> tuple[list[str], list[tuple]]:
    """Returns the report's lines and the page rows to add to the table."""
    from django.test import Client

    from maillage.people.models import User

    actor = User.objects.create(username="bench-agent", is_superuser=True, is_staff=True)
    print("Sittings: convocations of a 158-seat council…", file=sys.stderr)
    conv = convocations(space, actor)
    print("Sittings: 158 phones voting at once…", file=sys.stderr)
    votes = phone_votes(space, conv["body"], actor)
    print(f"Sittings: {DELIBERATIONS} deliberations, the register…", file=sys.stderr)
    many_deliberations(space, conv["body"])
    client = Client()
    client.force_login(actor)
    rows = []
    for label, url in [
        (f"Register, {DELIBERATIONS} deliberations", f"/espaces/{space.slug}/registre/"),
        (f"Public acts, {DELIBERATIONS} deliberations", f"/espaces/{space.slug}/actes/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    lines = [
        f"- Convocations of a {conv['seats']}-seat council: {conv['recipients']} recipients "
        f"(members and copies to municipal councillors, L5211-40-2); sending (records, proof "
        f"chain, queue) {conv['enqueue_s']:.2f} s; the worker delivered "
        f"{conv['delivered']} e-mails in {conv['deliver_s']:.1f} s",
        f"- Sitting of {votes['members']} members: attendance recorded one by one in "
        f"{votes['attendance_s']:.2f} s; quorum {votes['quorum']} "
        f"({'reached' if votes['reached'] else 'not reached'}) computed in "
        f"{votes['rules_us']:.0f} µs; vote closed and outcome computed in "
        f"{votes['close_ms']:.0f} ms: {votes['outcome']}",
        f"- {votes['members']} phones voting at once against a local server "
        f"({SERVER_THREADS} threads, like gunicorn): {votes['ballots']} ballots from "
        f"{votes['distinct']} voters, "
        f"{votes['errors']} errors; latency median {votes['median_ms']:.0f} ms, p95 "
        f"{votes['p95_ms']:.0f} ms; all in {votes['wall_s']:.1f} s; one phone alone changing "
        f"its vote: median {votes['single_ms']:.0f} ms (in process)",
    ]
    if votes["ballots"] != votes["members"] or votes["distinct"] != votes["members"]:
        lines.append("**Warning: votes were lost or counted twice.**")
    return lines, rows
