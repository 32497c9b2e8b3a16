import datetime

import factory

from maillage.people.models import Function, Mandate, Person, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"compte{n}")
    email = factory.Sequence(lambda n: f"personne{n}@mairie.test")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Exemple{n}")
    email = factory.Sequence(lambda n: f"elu{n}@mairie.test")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    person = factory.SubFactory(PersonFactory)
    function = Function.CONSEILLER_MUNICIPAL
    start_date = datetime.date(2020, 5, 23)
    source = Mandate.Source.MANUAL


def person_with_account(**kwargs) -> Person:
    person = PersonFactory(**kwargs)
    person.user = UserFactory(email=person.email)
    person.save()
    return person
