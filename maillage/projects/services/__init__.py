"""Every change to projects, as service functions: keyword-only arguments, the acting user as
`actor`, one transaction, one `log_action` ("projects.*"), and `ProjectError` with a French
message that the page shows as it is.

- `projects`: create, edit, change status (with a reason where required), archive and
  restore, follow, post a status update (météo);
- `plan`: milestones, tasks, budget lines and funding, indicators and measurements.
"""

from .common import ProjectError
from .plan import (
    add_funding,
    add_indicator,
    add_measurement,
    add_milestone,
    add_task,
    remove_budget_line,
    remove_funding,
    save_budget_line,
    set_task_done,
    update_milestone,
    update_task,
)
from .projects import (
    archive_project,
    change_status,
    create_project,
    follow,
    post_update,
    restore_project,
    unfollow,
    update_project,
)

__all__ = [
    "ProjectError",
    "add_funding",
    "add_indicator",
    "add_measurement",
    "add_milestone",
    "add_task",
    "archive_project",
    "change_status",
    "create_project",
    "follow",
    "post_update",
    "remove_budget_line",
    "remove_funding",
    "restore_project",
    "save_budget_line",
    "set_task_done",
    "unfollow",
    "update_milestone",
    "update_project",
    "update_task",
]
