from .amendments import (  # noqa: F401
    amendment_accept,
    amendment_detail,
    amendment_list,
    amendment_merge,
    amendment_new,
    amendment_reject,
    amendment_support,
    amendment_withdraw,
)
from .documents import (  # noqa: F401
    article_detail,
    article_edit,
    article_new,
    document_archive,
    document_detail,
    document_edit,
    document_list,
    document_new,
    section_new,
    workflow,
)
from .paragraphs import paragraph_detail  # noqa: F401
from .versions import (  # noqa: F401
    public_document,
    public_pdf,
    version_compare,
    version_detail,
    version_list,
    version_pdf,
)
