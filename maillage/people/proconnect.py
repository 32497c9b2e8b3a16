"""ProConnect (OpenID Connect of public agents): on when PROCONNECT_CLIENT_ID is set.

An agent is recognised by the email ProConnect certifies: an existing account with that
address, or a person a space admin recorded with it (an account is then made for them).
Nobody else gets in: ProConnect proves who someone is, not that they have a role here.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import Person, User
from .services import account_for


class ProConnectBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        email = (claims.get("email") or "").strip()
        person = Person.objects.filter(email__iexact=email, user__isnull=True).first()
        if not email or person is None:
            return None
        return account_for(person=person)

    def update_user(self, user, claims):
        return user
