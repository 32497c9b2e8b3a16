"""Every change to bodies and sittings, split by meaning:

- `bodies`: bodies, seats, sittings in preparation, agenda, annexes;
- `convocations`: sending with the legal delay and its proof, replies and proxies, calendars;
- `session`: the day of the sitting: attendance, quorum per item, votes and outcomes;
- `acts`: deliberations, register, list, minutes, publication, exports.
"""


class MeetingError(Exception):
    """A change refused; the message is in French and shown as it is."""
