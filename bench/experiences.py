"""The experiences and référents part of the bench: 2,000 experiences with 20,000 « ça m'a
aidé » and 500 référents answering for services; the list (newest, and the most helpful of a
theme), an experience page, the directory, a référent's page (median, p95, query count), and
1 MB Range requests on a 20 MB video (what a phone does when it seeks)."""

import datetime
import random
import statistics
import sys
import time

EXPERIENCES = 2_000
HELPFUL = 20_000
REFERENTS = 500


def _data():
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from fixtures import bench_communes, bench_epci

    from maillage.catalogue.models import Service
    from maillage.experiences.models import Experience, ExperienceTheme, Helpful, Theme
    from maillage.people.models import Person, User
    from maillage.referents.models import ServiceReferent
    from maillage.spaces.models import Role, Space, SpaceMember, SpaceRole

    rng = random.Random(9)
    epci = bench_epci("CC du banc d'essai des retours")
    space = Space.objects.create(slug="bench-retours", name="Bench retours", organisation=epci)
    communes = bench_communes("Commune bench", 40)
    SpaceMember.objects.bulk_create(SpaceMember(space=space, organisation=c) for c in communes)
    people = Person.objects.bulk_create(
        Person(first_name="Personne", last_name=f"Bench {n}", is_fictitious=True)
        for n in range(REFERENTS)
    )
    roles = SpaceRole.objects.bulk_create(
        SpaceRole(space=space, person=p, role=Role.REFERENT, organisation=communes[n % 40])
        for n, p in enumerate(people)
    )
    actor = User.objects.create(username="bench-experiences", is_superuser=True, is_staff=True)
    services = Service.objects.bulk_create(
        Service(space=space, name=f"Service bench {n}", available_from=datetime.date(2026, 1, 1))
        for n in range(20)
    )
    ServiceReferent.objects.bulk_create(
        ServiceReferent(role=r, service=services[n % 20]) for n, r in enumerate(roles)
    )
    experiences = Experience.objects.bulk_create(
        Experience(
            space=space,
            author=people[n % REFERENTS],
            title=f"Retour n° {n}",
            text="Ce que nous avons fait. " * 20,
            visibility="public" if n % 3 else "membres",
        )
        for n in range(EXPERIENCES)
    )
    themes = list(Theme.values)
    ExperienceTheme.objects.bulk_create(
        ExperienceTheme(experience=e, theme=t)
        for n, e in enumerate(experiences)
        for t in {themes[n % len(themes)], themes[(n * 7) % len(themes)]}
    )
    Experience.organisations.through.objects.bulk_create(
        Experience.organisations.through(experience_id=e.pk, organisation_id=communes[n % 40].pk)
        for n, e in enumerate(experiences)
    )
    pairs = set()
    while len(pairs) < HELPFUL:
        pairs.add((rng.randrange(EXPERIENCES), rng.randrange(REFERENTS)))
    Helpful.objects.bulk_create(
        (Helpful(experience=experiences[e], person=people[p]) for e, p in pairs), batch_size=2000
    )
    since = timezone.now() - datetime.timedelta(days=rng.randint(0, 200))
    Helpful.objects.filter(pk__in=Helpful.objects.order_by("?")[: HELPFUL // 2]).update(
        created_at=since
    )
    video = experiences[1]
    video.video.save("bench.mp4", ContentFile(rng.randbytes(20 * 1024 * 1024)), save=False)
    video.video_type = "video/mp4"
    video.video_size = 20 * 1024 * 1024
    video.save()
    return space, actor, experiences[1], roles[0]


def run(measure, repeat) -> tuple[list[str], list[tuple]]:
    from django.test import Client

    print(
        f"Experiences: {EXPERIENCES} experiences, {HELPFUL} « ça m'a aidé », "
        f"{REFERENTS} référents…",
        file=sys.stderr,
    )
    start = time.perf_counter()
    space, actor, experience, role = _data()
    setup_s = time.perf_counter() - start
    client = Client()
    client.force_login(actor)
    base = f"/espaces/{space.slug}"
    rows = []
    for label, url in [
        (f"Experiences list, {EXPERIENCES} experiences", f"{base}/retours-experience/"),
        (
            "Experiences, most helpful of a theme",
            f"{base}/retours-experience/?tri=utiles&theme=ecole",
        ),
        ("Experience page", f"{base}/retours-experience/{experience.pk}/"),
        (f"Référents directory, {REFERENTS} référents", f"{base}/referents/"),
        ("Référent page « ce qui me concerne »", f"{base}/referents/{role.pk}/"),
    ]:
        print(f"  {label}: {url}", file=sys.stderr)
        rows.append((label, url, {}, measure(client, url, repeat, {})))
    video_url = f"{base}/retours-experience/{experience.pk}/video/"
    times = []
    rng = random.Random(3)
    for _ in range(max(10, repeat)):
        offset = rng.randrange(0, 19 * 1024 * 1024)
        begin = time.perf_counter()
        response = client.get(video_url, headers={"Range": f"bytes={offset}-{offset + 2**20 - 1}"})
        size = len(b"".join(response.streaming_content))
        times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 206 and size == 2**20
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    lines = [
        f"Experiences: data written in {setup_s:.1f} s; 1 MB Range request on a 20 MB video: "
        f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms ({len(times)} requests)."
    ]
    return lines, rows
