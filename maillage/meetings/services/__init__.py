"""Every change to bodies and sittings, split by meaning:

- `bodies`: bodies, seats, sittings in preparation, agenda, annexes;
- `convocations`: sending with the legal delay and its proof, replies and proxies;
- `calendars`: the iCalendar file of a sitting and each person's private feed;
- `session`: the day of the sitting: opening, attendance, quorum per item, failed quorum, closing;
- `votes`: votes, ballots, outcomes and appointments;
- `acts`: deliberations, register, list, minutes, publication, copies to councillors;
- `minutes`: the facts the minutes and the deliberation pages state (read side).
"""


class MeetingError(Exception):
    """A change refused; the message is in French and shown as it is."""
