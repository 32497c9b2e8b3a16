"""Pure rules of notification delivery: which frequency applies, how a digest is grouped.

No law governs these: they are the platform's choices (*(choice)*, documented in
docs/participation-notifications.md).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .models import Frequency, Kind

# (choice) Most kinds go in the daily digest; being named, answered, or asked for a meeting
# of the conférence des maires is personal and urgent: sent at once. Experiences shared in
# the space are reading, never urgent: the weekly digest.
DEFAULT_FREQUENCY = Frequency.DAILY
DEFAULT_FREQUENCIES: dict[str, str] = {
    Kind.MENTION: Frequency.IMMEDIATE,
    Kind.REPLY: Frequency.IMMEDIATE,
    Kind.MEETING_REQUEST: Frequency.IMMEDIATE,
    Kind.EXPERIENCE: Frequency.WEEKLY,
}
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


def default_frequency(kind: str) -> str:
    """The frequency of a kind for someone who never chose."""
    return DEFAULT_FREQUENCIES.get(kind, DEFAULT_FREQUENCY)


def frequency_for(kind: str, chosen: Mapping[str, str]) -> str:
    """The frequency that applies to `kind`: the person's choice, else the default."""
    return chosen.get(kind) or default_frequency(kind)


def frequencies(chosen: Mapping[str, str]) -> dict[str, str]:
    """Every kind with the frequency that applies to it, in the order of `Kind`."""
    return {kind: frequency_for(kind, chosen) for kind in Kind.values}


@dataclass
class DigestGroup:
    space: str  # the space's name, "" for notifications outside any space
    kind: str
    kind_label: str
    items: list = field(default_factory=list)


def group_digest(items: Iterable, *, space_name, kind_of) -> list[DigestGroup]:
    """Group a digest's notifications by space (alphabetically, those outside any space
    last) then by kind (in the order of `Kind`); within a group, oldest first as given."""
    order = {kind: index for index, kind in enumerate(Kind.values)}
    labels = dict(Kind.choices)
    groups: dict[tuple[str, str], DigestGroup] = {}
    for item in items:
        key = (space_name(item) or "", kind_of(item))
        if key not in groups:
            groups[key] = DigestGroup(key[0], key[1], str(labels.get(key[1], key[1])))
        groups[key].items.append(item)
    return sorted(
        groups.values(),
        key=lambda g: (g.space == "", g.space.casefold(), order.get(g.kind, len(order))),
    )
