from django.urls import path

from . import views

app_name = "governance"

D = "espaces/<slug:slug>/gouvernance/<int:document_id>/"

urlpatterns = [
    path("espaces/<slug:slug>/gouvernance/", views.document_list, name="list"),
    path("espaces/<slug:slug>/gouvernance/nouveau/", views.document_new, name="new"),
    path(D, views.document_detail, name="detail"),
    path(D + "modifier/", views.document_edit, name="edit"),
    path(D + "etapes/", views.workflow, name="workflow"),
    path(D + "archiver/", views.document_archive, name="archive"),
    path(D + "parties/nouvelle/", views.section_new, name="section_new"),
    path(D + "articles/nouveau/", views.article_new, name="article_new"),
    path(D + "articles/<int:article_id>/", views.article_detail, name="article"),
    path(D + "articles/<int:article_id>/modifier/", views.article_edit, name="article_edit"),
    path(
        D + "articles/<int:article_id>/v<int:revision>/paragraphes/<int:number>/",
        views.paragraph_detail,
        name="paragraph",
    ),
    path(D + "articles/<int:article_id>/amender/", views.amendment_new, name="amendment_new"),
    path(D + "amendements/", views.amendment_list, name="amendments"),
    path(D + "amendements/<int:amendment_id>/", views.amendment_detail, name="amendment"),
    path(
        D + "amendements/<int:amendment_id>/soutenir/",
        views.amendment_support,
        name="amendment_support",
    ),
    path(
        D + "amendements/<int:amendment_id>/retirer/",
        views.amendment_withdraw,
        name="amendment_withdraw",
    ),
    path(
        D + "amendements/<int:amendment_id>/accepter/",
        views.amendment_accept,
        name="amendment_accept",
    ),
    path(
        D + "amendements/<int:amendment_id>/fusionner/",
        views.amendment_merge,
        name="amendment_merge",
    ),
    path(
        D + "amendements/<int:amendment_id>/rejeter/",
        views.amendment_reject,
        name="amendment_reject",
    ),
    path(D + "versions/", views.version_list, name="versions"),
    path(D + "versions/comparer/", views.version_compare, name="compare"),
    path(D + "versions/<int:number>/", views.version_detail, name="version"),
    path(D + "versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path("gouvernance/<int:document_id>/", views.public_document, name="public"),
    path("gouvernance/<int:document_id>/pdf/", views.public_pdf, name="public_pdf"),
]
