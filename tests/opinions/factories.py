"""Opinion requests for the tests, built through the services as a user would."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.opinions import services
from maillage.opinions.models import OpinionRequest

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="document.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft_request(space, *, actor=None, **kwargs) -> OpinionRequest:
    kwargs.setdefault("title", "Projet de pacte de gouvernance")
    kwargs.setdefault("document", pdf())
    return services.create_request(actor=actor, space=space, **kwargs)


def sent_request(space, *, actor=None, sent_on=None, **kwargs) -> OpinionRequest:
    request = draft_request(space, actor=actor, **kwargs)
    return services.send_request(
        actor=actor, request=request, today=sent_on or datetime.date.today()
    )
