from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("connexion/lien/<str:token>/", views.login_link, name="login_link"),
    path(
        "connexion/mot-de-passe/",
        auth_views.LoginView.as_view(template_name="people/password_login.html"),
        name="password_login",
    ),
    path("deconnexion/", views.logout, name="logout"),
    path("deconnexion/partout/", views.logout_everywhere, name="logout_everywhere"),
    path("mon-espace/", views.my_space, name="my_space"),
    path("mon-espace/profil/", views.edit_profile, name="edit_profile"),
    path("personnes/<int:pk>/", views.profile, name="profile"),
]
