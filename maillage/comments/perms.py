"""Who may read, write, report and moderate comments. One function per decision; the
docstring is the rule. Reading and writing on an object follow its registration
(`registry.register`), so that comments never leak from an object one may not see."""

from maillage.spaces.perms import can_admin_space, person_of

from .registry import entry_for


def can_read_comments(user, obj) -> bool:
    """Whoever may see the object (as its registration says) reads its comments; an object
    whose model is not registered has none."""
    entry = entry_for(obj)
    return entry is not None and bool(entry.can_read(user, obj))


def can_comment(user, obj) -> bool:
    """A person (an account with a person record) who may comment on the object, as its
    registration says, writes a comment."""
    entry = entry_for(obj)
    return entry is not None and person_of(user) is not None and bool(entry.can_comment(user, obj))


def can_edit_comment(user, comment) -> bool:
    """Only its author edits a comment, as long as it is not hidden by the moderation."""
    person = person_of(user)
    return person is not None and comment.author_id == person.pk and not comment.is_hidden


def can_report_comment(user, comment) -> bool:
    """A reader other than its author reports a visible comment (reading the object is
    checked with `can_read_comments`)."""
    person = person_of(user)
    return person is not None and comment.author_id != person.pk and not comment.is_hidden


def can_moderate(user, space) -> bool:
    """The space's admins (and superusers) moderate its comments: hide with a reason,
    show again, keep a reported comment; they see the moderation queue."""
    return can_admin_space(user, space)
