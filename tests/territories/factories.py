import factory

from maillage.territories.models import Kind, Membership, Organisation, PostalCode


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.REGION
    name = "Auvergne-Rhône-Alpes"
    insee_code = factory.Sequence(lambda n: f"{(n % 90) + 10}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.DEPARTEMENT
    name = "Haute-Savoie"
    insee_code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.COMMUNE
    name = factory.Sequence(lambda n: f"Commune {n}")
    insee_code = factory.Sequence(lambda n: f"{(n % 90000) + 10000:05d}")
    siren = factory.Sequence(lambda n: f"21{n % 10000000:07d}")
    population_municipale = 980
    population_totale = 1000


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Kind.EPCI
    name = factory.Sequence(lambda n: f"CC numéro {n}")
    siren = factory.Sequence(lambda n: f"200{n % 1000000:06d}")
    epci_type = "CC"
    financing_mode = "FPU"
    population_municipale = 2940
    population_totale = 3000


def add_members(epci, communes, **kwargs):
    for commune in communes:
        Membership.objects.create(
            member=commune, group=epci, nature=Membership.Nature.EPCI, **kwargs
        )
    return communes


def add_postcode(commune, code):
    return PostalCode.objects.create(commune=commune, code=code)
