"""PDF documents of sittings (list of deliberations, minutes, convocation), printed by
WeasyPrint from a print template: A4, in French, the stylesheet embedded in the template.

WeasyPrint never fetches anything from outside the machine: the URL fetcher refuses every URL
but `data:` ones, so a link or an image in a user's text cannot make it call the network.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

ALLOWED_PROTOCOLS = ("data",)


def local_only_fetcher():
    """A WeasyPrint URL fetcher that refuses every non-local URL (http, https, ftp, file…)."""
    from weasyprint import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.lower().startswith("data:"):
                raise ValueError(f"Ressource extérieure refusée dans un PDF : {url[:100]}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """Render `template` (HTML that extends `meetings/acts/print/base.html`) into PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=None, url_fetcher=local_only_fetcher()).write_pdf()


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    """The PDF shown in the browser, with a file name for saving it."""
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
