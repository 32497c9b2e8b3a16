"""Every change to governance documents, in three modules: the documents and their text
(`documents`), the workflow (`workflow`), and amendments (`amendments`). Each function runs in
a transaction, records itself in the action log ("governance.*") and raises `GovernanceError`
with a French message."""

from .amendments import (  # noqa: F401
    accept_amendment,
    merge_amendment,
    propose_amendment,
    reject_amendment,
    support_amendment,
    withdraw_amendment,
    withdraw_support,
)
from .common import GovernanceError, record_version, snapshot  # noqa: F401
from .documents import (  # noqa: F401
    add_article,
    add_section,
    archive_document,
    create_document,
    edit_article,
    paragraph_for,
    update_document,
)
from .workflow import (  # noqa: F401
    adopt,
    bring_into_force,
    finalise,
    open_contributions,
    record_debate,
    send_for_opinion,
    start_revision,
)
