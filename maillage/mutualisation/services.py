"""Every change to scales, custom weights and scenarios: define a scale, set or import the
members' weights, build a scenario, compute it (its lines stored, exact to the cent), archive,
and record the scenario the élus chose. Each function runs in a transaction and records
itself in the action log; a refusal is a `MutualisationError` with a French message.

The arithmetic is in the pure modules `scales.py` and `allocation.py`."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from maillage.audit.services import log_action
from maillage.territories.models import Organisation

from . import allocation, scales
from .models import (
    MembersRule,
    MemberWeight,
    Scale,
    Scenario,
    ScenarioLine,
    TierPopulation,
)

CENT = Decimal("0.01")
BASIS_LABELS = {
    "equal": "à parts égales",
    "population_municipale": "selon la population municipale",
    "population_totale": "selon la population totale",
    "units": "selon les unités utilisées",
    "weight": "selon le poids propre à chaque membre",
    "tiers": "selon les tranches de population",
}


class MutualisationError(Exception):
    """A change refused; the message is in French and shown as it is, under `field` when it
    names the form field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- Scales -------------------------------------------------------------------------------------


def to_scale(scale: Scale) -> scales.Scale:
    """The pure scale of a stored one."""
    return scales.Scale(
        parts=tuple(
            scales.Part(fraction=Decimal(str(p["fraction"])), basis=p["basis"]) for p in scale.parts
        ),
        tiers=tuple(
            scales.Tier(
                lower=int(t["lower"]),
                upper=None if t["upper"] is None else int(t["upper"]),
                weight=Decimal(str(t["weight"])),
            )
            for t in scale.tiers
        ),
        tier_population=scale.tier_population,
        per_inhabitant_in_tier=scale.per_inhabitant_in_tier,
        fixed_amount=Decimal(scale.fixed_amount),
        floor=None if scale.floor is None else Decimal(scale.floor),
        ceiling=None if scale.ceiling is None else Decimal(scale.ceiling),
        payer_rate=Decimal(scale.payer_rate),
    )


def _scale_values(
    *,
    name,
    description,
    parts,
    tiers,
    tier_population,
    per_inhabitant_in_tier,
    fixed_amount,
    floor,
    ceiling,
    payer_rate,
) -> dict:
    """Check a scale's definition (with `scales.validate_scale`) and return the stored values.
    `parts` is a sequence of (basis, fraction), `tiers` of (lower, upper or None, weight)."""
    name = (name or "").strip()
    if not name:
        raise MutualisationError("Donnez un nom au barème.", field="name")
    if tier_population not in TierPopulation.values:
        raise MutualisationError("Choisissez la population des tranches.", field="tier_population")
    parts = [(basis, Decimal(fraction)) for basis, fraction in parts if fraction]
    if not parts:
        raise MutualisationError("Répartissez le coût sur au moins une base (en %).")
    uses_tiers = any(basis == "tiers" for basis, _ in parts)
    if uses_tiers and not tiers:
        raise MutualisationError(
            "Une part « par tranches » demande les tranches de population.", field="tiers"
        )
    tiers = list(tiers) if uses_tiers else []
    pure = scales.Scale(
        parts=tuple(scales.Part(fraction=f, basis=b) for b, f in parts),
        tiers=tuple(scales.Tier(lower=lo, upper=up, weight=Decimal(w)) for lo, up, w in tiers),
        tier_population=tier_population,
        per_inhabitant_in_tier=bool(per_inhabitant_in_tier),
        fixed_amount=Decimal(fixed_amount or 0),
        floor=None if floor is None else Decimal(floor),
        ceiling=None if ceiling is None else Decimal(ceiling),
        payer_rate=Decimal(payer_rate or 0),
    )
    try:
        scales.validate_scale(pure)
    except scales.ScaleError as error:
        raise MutualisationError(str(error)) from None
    return {
        "name": name,
        "description": (description or "").strip(),
        "parts": [{"basis": b, "fraction": str(f)} for b, f in parts],
        "tiers": [{"lower": lo, "upper": up, "weight": str(Decimal(w))} for lo, up, w in tiers],
        "tier_population": tier_population,
        "per_inhabitant_in_tier": bool(per_inhabitant_in_tier) and uses_tiers,
        "fixed_amount": pure.fixed_amount,
        "floor": pure.floor,
        "ceiling": pure.ceiling,
        "payer_rate": pure.payer_rate,
    }


def _save_unique(obj, message: str):
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise MutualisationError(message) from None


def create_scale(*, actor, space, **definition) -> Scale:
    """Define a scale of the space (see `_scale_values` for its fields). Nothing is stored if
    the scale is refused (tiers that overlap or leave a gap, parts that do not make 100 %, a
    floor above the ceiling…)."""
    values = _scale_values(**definition)
    with transaction.atomic():
        scale = Scale(space=space, created_by=actor, **values)
        _save_unique(scale, "Un barème de l'espace porte déjà ce nom.")
        log_action(
            actor=actor,
            action="mutualisation.scale_create",
            obj=scale,
            space=space,
            data={"parts": values["parts"]},
        )
    return scale


def update_scale(*, actor, scale: Scale, **definition) -> Scale:
    """Change a scale. Scenarios already computed keep their stored lines and say that their
    inputs changed since."""
    if scale.archived_at is not None:
        raise MutualisationError("Ce barème est archivé : il ne se modifie plus.")
    values = _scale_values(**definition)
    with transaction.atomic():
        for key, value in values.items():
            setattr(scale, key, value)
        _save_unique(scale, "Un barème de l'espace porte déjà ce nom.")
        log_action(
            actor=actor,
            action="mutualisation.scale_update",
            obj=scale,
            space=scale.space,
            data={"parts": values["parts"]},
        )
    return scale


def archive_scale(*, actor, scale: Scale) -> Scale:
    """Archive a scale: it is no longer offered for new scenarios; the scenarios computed with
    it keep it."""
    with transaction.atomic():
        if scale.archived_at is None:
            scale.archived_at = timezone.now()
            scale.save(update_fields=["archived_at"])
            log_action(
                actor=actor, action="mutualisation.scale_archive", obj=scale, space=scale.space
            )
    return scale


# --- Custom weights -----------------------------------------------------------------------------


def member_organisations(space, year: int | None = None):
    """The space's member organisations (those of `year` when given, else the current ones)."""
    members = space.members.all()
    if year is None:
        members = members.current()
    else:
        members = members.filter(
            Q(start_date__isnull=True) | Q(start_date__lte=datetime.date(year, 12, 31)),
            Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1)),
        )
    return Organisation.objects.filter(pk__in=members.values("organisation_id")).order_by(
        "name", "pk"
    )


def set_weights(*, actor, scale: Scale, values: dict, source: str = "saisie") -> int:
    """Replace the custom weights of a scale: `values` maps organisation → Decimal (or None to
    remove it). Every organisation is a member of the space and every weight is positive or
    zero; otherwise nothing is stored."""
    if scale.archived_at is not None:
        raise MutualisationError("Ce barème est archivé : ses poids ne se modifient plus.")
    allowed = set(member_organisations(scale.space).values_list("pk", flat=True))
    for organisation, value in values.items():
        if organisation.pk not in allowed:
            raise MutualisationError(f"{organisation.name} n'est pas membre de l'espace.")
        if value is not None and value < 0:
            raise MutualisationError(f"Le poids de {organisation.name} ne peut pas être négatif.")
    with transaction.atomic():
        removed = [o.pk for o, v in values.items() if v is None]
        MemberWeight.objects.filter(scale=scale, organisation_id__in=removed).delete()
        kept = {o.pk: v for o, v in values.items() if v is not None}
        existing = {
            w.organisation_id: w
            for w in MemberWeight.objects.filter(scale=scale, organisation_id__in=kept)
        }
        updated = []
        for pk, value in kept.items():
            if pk in existing:
                existing[pk].value = value
                updated.append(existing[pk])
        MemberWeight.objects.bulk_update(updated, ["value"])
        try:
            with transaction.atomic():
                MemberWeight.objects.bulk_create(
                    [
                        MemberWeight(scale=scale, organisation_id=pk, value=value)
                        for pk, value in kept.items()
                        if pk not in existing
                    ]
                )
        except IntegrityError:
            raise MutualisationError(
                "Ces poids viennent d'être modifiés par quelqu'un d'autre : rechargez la page."
            ) from None
        log_action(
            actor=actor,
            action="mutualisation.weights_set",
            obj=scale,
            space=scale.space,
            data={"source": source, "set": len(kept), "removed": len(removed)},
        )
    return len(kept)


def parse_weights_csv(space, text: str):
    """Read a CSV of custom weights (code INSEE or SIREN ; value), one member per line, an
    optional header, `;` or `,` as separator and a decimal comma accepted. Returns (rows,
    errors): rows are (organisation, Decimal); errors are French sentences naming the line and
    the member. Nothing is stored here."""
    members = list(member_organisations(space))
    by_code = {}
    for organisation in members:
        for code in (organisation.insee_code, organisation.siren):
            if code:
                by_code[code.strip().upper()] = organisation
    rows, errors, seen = [], [], {}
    lines = (text or "").lstrip("\ufeff").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        separator = ";" if ";" in line else ("\t" if "\t" in line else ",")
        cells = [cell.strip().strip('"') for cell in line.split(separator)]
        if len(cells) < 2:
            errors.append(f"Ligne {number} : attendu « code ; valeur », lu « {line[:60]} ».")
            continue
        code, raw_value = cells[0].upper(), cells[1].replace(" ", "").replace("\u00a0", "")
        if separator == ";" or len(cells) == 2:
            raw_value = raw_value.replace(",", ".")
        organisation = by_code.get(code)
        if organisation is None:
            if number == 1 and not any(ch.isdigit() for ch in code):
                continue  # a header row
            errors.append(
                f"Ligne {number} : le code « {cells[0][:20]} » n'est celui d'aucun membre "
                "de l'espace (code INSEE d'une commune ou SIREN)."
            )
            continue
        try:
            value = Decimal(raw_value)
            if not value.is_finite():
                raise ValueError
        except (ArithmeticError, ValueError):
            errors.append(
                f"Ligne {number} ({organisation.name}) : « {cells[1][:30]} » n'est pas un nombre."
            )
            continue
        if value < 0:
            errors.append(
                f"Ligne {number} ({organisation.name}) : un poids ne peut pas être négatif."
            )
            continue
        if value != value.quantize(Decimal("0.0001")) or abs(value) >= Decimal("1e14"):
            errors.append(
                f"Ligne {number} ({organisation.name}) : au plus 4 décimales et 14 chiffres."
            )
            continue
        if organisation.pk in seen:
            errors.append(
                f"Ligne {number} ({organisation.name}) : ce membre figure déjà ligne "
                f"{seen[organisation.pk]}."
            )
            continue
        seen[organisation.pk] = number
        rows.append((organisation, value))
    if not rows and not errors:
        errors.append("Le fichier ne contient aucune ligne « code ; valeur ».")
    return rows, errors


def import_weights(*, actor, scale: Scale, text: str) -> int:
    """Import the weights of a CSV (see `parse_weights_csv`): all lines or none."""
    rows, errors = parse_weights_csv(scale.space, text)
    if errors:
        raise MutualisationError(" ".join(errors[:20]))
    return set_weights(actor=actor, scale=scale, values=dict(rows), source="import CSV")


# --- Scenarios ----------------------------------------------------------------------------------


def create_scenario(
    *, actor, space, name, service, scale, year: int, total, members_rule=MembersRule.SUBSCRIBERS
) -> Scenario:
    """Build a scenario: a scale of the space applied to one of its services, a year and a
    total cost. It is computed at once (and stays uncomputed if its inputs are refused)."""
    name = (name or "").strip()
    if not name:
        raise MutualisationError("Donnez un nom au scénario.", field="name")
    if service.space_id != space.pk:
        raise MutualisationError("Ce service n'appartient pas à l'espace.", field="service")
    if scale.space_id != space.pk or scale.archived_at is not None:
        raise MutualisationError("Choisissez un barème en vigueur de l'espace.", field="scale")
    if members_rule not in MembersRule.values:
        raise MutualisationError("Choisissez les membres concernés.", field="members_rule")
    if total is None or total < 0:
        raise MutualisationError("Le coût total est un montant positif.", field="total")
    if total != total.quantize(CENT):
        raise MutualisationError("Le coût total s'exprime au centime près.", field="total")
    if not 2000 <= year <= 2100:
        raise MutualisationError("Indiquez une année entre 2000 et 2100.", field="year")
    if service.available_from and year < service.available_from.year:
        raise MutualisationError(
            f"Le service « {service.name} » n'est proposé que depuis le "
            f"{service.available_from:%d/%m/%Y} : choisissez une année à partir de "
            f"{service.available_from.year}.",
            field="year",
        )
    with transaction.atomic():
        scenario = Scenario.objects.create(
            space=space,
            name=name,
            service=service,
            scale=scale,
            year=year,
            total=total,
            members_rule=members_rule,
            created_by=actor,
        )
        log_action(
            actor=actor,
            action="mutualisation.scenario_create",
            obj=scenario,
            space=space,
            data={"service": service.pk, "scale": scale.pk, "year": year, "total": str(total)},
        )
    return scenario


def scenario_inputs(scenario: Scenario) -> list[scales.MemberData]:
    """The members a scenario applies to, in name order, with their populations (territory
    registry), units and payer (the service's subscriptions of the year) and custom weight
    (the scale's). A constant number of queries, whatever the number of members."""
    first, last = datetime.date(scenario.year, 1, 1), datetime.date(scenario.year, 12, 31)
    from maillage.catalogue.models import Subscription

    subscriptions = Subscription.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first),
        service_id=scenario.service_id,
        start_date__lte=last,
    ).values_list("organisation_id", "units", "paid_by_id")
    units, payers = {}, {}
    for organisation_id, used, paid_by in subscriptions:
        units[organisation_id] = units.get(organisation_id, Decimal(0)) + Decimal(used)
        if paid_by and paid_by != organisation_id:
            payers.setdefault(organisation_id, paid_by)
    if scenario.members_rule == MembersRule.ALL:
        organisations = member_organisations(scenario.space, scenario.year)
    else:
        organisations = Organisation.objects.filter(pk__in=list(units)).order_by("name", "pk")
    weights = dict(
        MemberWeight.objects.filter(scale_id=scenario.scale_id).values_list(
            "organisation_id", "value"
        )
    )
    return [
        scales.MemberData(
            key=o.pk,
            name=o.name,
            population_municipale=o.population_municipale,
            population_totale=o.population_totale,
            units=units.get(o.pk, Decimal(0)),
            weight=weights.get(o.pk),
            paid_by=payers.get(o.pk),
        )
        for o in organisations.only("pk", "name", "population_municipale", "population_totale")
    ]


def _plain(value) -> str | None:
    """A number written the same way whether it comes from the database or from a form."""
    return None if value is None else str(Decimal(value).normalize())


def inputs_digest(scenario: Scenario, members: list[scales.MemberData]) -> str:
    """A fingerprint of everything the amounts depend on: total, scale, members' data."""
    scale = scenario.scale
    payload = {
        "total": _plain(scenario.total),
        "scale": [
            [[p["basis"], _plain(p["fraction"])] for p in scale.parts],
            [[t["lower"], t["upper"], _plain(t["weight"])] for t in scale.tiers],
            scale.tier_population,
            scale.per_inhabitant_in_tier,
            _plain(scale.fixed_amount),
            _plain(scale.floor),
            _plain(scale.ceiling),
            _plain(scale.payer_rate),
        ],
        "members": [
            [
                m.key,
                m.population_municipale,
                m.population_totale,
                _plain(m.units),
                _plain(m.weight),
                m.paid_by,
            ]
            for m in members
        ],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def inputs_changed(scenario: Scenario) -> bool:
    """True when a computed scenario's inputs (scale, weights, subscriptions, populations,
    total) are no longer those of its stored lines."""
    if scenario.computed_at is None:
        return False
    return inputs_digest(scenario, scenario_inputs(scenario)) != scenario.inputs_digest


def line_shares(amounts: list[Decimal]) -> list[Decimal]:
    """Each amount's share of their sum in %, to the hundredth, summing exactly to 100,00
    (largest remainder, ties to the first, as `scales.compare` does); all zero if nothing is
    called."""
    if not any(amounts):
        return [Decimal("0.00")] * len(amounts)
    shares = allocation.allocate(Decimal("100.00"), dict(enumerate(amounts)))
    return list(shares.values())


def compute_scenario(*, actor, scenario: Scenario) -> Scenario:
    """Compute the scenario and store its lines (replacing the previous ones): each member's
    share, what its payer takes over, what it is called for. The amounts sum exactly to the
    total. A chosen scenario is what the élus decided: it is not recomputed."""
    members = scenario_inputs(scenario)
    if not members:
        raise MutualisationError(
            f"Aucune organisation n'est abonnée à « {scenario.service.name} » en "
            f"{scenario.year} : enregistrez les abonnements, ou appliquez le scénario à tous "
            "les membres de l'espace."
            if scenario.members_rule == MembersRule.SUBSCRIBERS
            else "L'espace n'a aucune organisation membre cette année-là."
        )
    data = {m.key: m for m in members}
    names = dict(
        Organisation.objects.filter(
            pk__in={m.paid_by for m in members if m.paid_by and m.paid_by not in data}
        ).values_list("pk", "name")
    )
    try:
        lines = scales.apply_scale(
            Decimal(scenario.total), to_scale(scenario.scale), members, payer_names=names
        )
    except scales.ScaleError as error:
        raise MutualisationError(str(error)) from None
    with transaction.atomic():
        locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if locked.chosen:
            raise MutualisationError(
                "Ce scénario est retenu par les élus : ses montants ne changent plus."
            )
        if locked.archived_at is not None:
            raise MutualisationError("Ce scénario est archivé.")
        ScenarioLine.objects.filter(scenario=scenario).delete()
        rows = []
        shares = line_shares([line.amount for line in lines])
        for position, line in enumerate(lines):
            member = data.get(line.key)
            rows.append(
                ScenarioLine(
                    scenario=scenario,
                    position=position,
                    organisation_id=line.key,
                    name=member.name if member else names.get(line.key, line.name),
                    is_member=member is not None,
                    population_municipale=member.population_municipale if member else None,
                    population_totale=member.population_totale if member else None,
                    units=member.units if member else 0,
                    weight=member.weight if member else None,
                    paid_by_id=member.paid_by if member else None,
                    computed=line.computed,
                    own_share=line.own_share,
                    paid_by_payer=line.paid_by_payer,
                    paid_for_others=line.paid_for_others,
                    amount=line.amount,
                    share=shares[position],
                    floored=line.floored,
                    capped=line.capped,
                    explanation=line.explanation,
                )
            )
        ScenarioLine.objects.bulk_create(rows, batch_size=500)
        scenario.computed_at = timezone.now()
        scenario.inputs_digest = inputs_digest(scenario, members)
        scenario.save(update_fields=["computed_at", "inputs_digest"])
        log_action(
            actor=actor,
            action="mutualisation.scenario_compute",
            obj=scenario,
            space=scenario.space,
            data={"lines": len(rows), "total": str(scenario.total)},
        )
    return scenario


def archive_scenario(*, actor, scenario: Scenario) -> Scenario:
    """Archive a scenario that was not chosen: it leaves the comparison, its lines are kept."""
    with transaction.atomic():
        locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if locked.chosen:
            raise MutualisationError("Le scénario retenu par les élus ne s'archive pas.")
        if locked.archived_at is None:
            scenario.archived_at = timezone.now()
            scenario.save(update_fields=["archived_at"])
            log_action(
                actor=actor,
                action="mutualisation.scenario_archive",
                obj=scenario,
                space=scenario.space,
            )
    return scenario


def choose_scenario(*, actor, scenario: Scenario, deliberation=None, vote=None) -> Scenario:
    """Record the scenario the élus chose, by a deliberation of the space or by a vote of one
    of its sittings (adopted in both cases). One scenario is chosen per service and year; it is
    computed and its inputs have not changed since (what the élus saw is what is billed)."""
    space = scenario.space
    if (deliberation is None) == (vote is None):
        raise MutualisationError(
            "Indiquez la délibération ou le vote par lequel les élus ont retenu ce scénario "
            "(l'un ou l'autre)."
        )
    if deliberation is not None:
        if deliberation.space_id != space.pk:
            raise MutualisationError("Cette délibération n'est pas de l'espace.")
        if deliberation.outcome != "adopted":
            raise MutualisationError(f"La délibération n° {deliberation.number} a été rejetée.")
    if vote is not None:
        if vote.item.sitting.body.space_id != space.pk:
            raise MutualisationError("Ce vote n'a pas eu lieu dans une instance de l'espace.")
        if vote.status != "clos" or vote.outcome != "adopted":
            raise MutualisationError("Ce vote n'est pas clos ou n'a pas adopté la proposition.")
    if scenario.archived_at is not None:
        raise MutualisationError("Ce scénario est archivé.")
    if scenario.computed_at is None:
        raise MutualisationError("Calculez le scénario avant de le retenir.")
    if inputs_changed(scenario):
        raise MutualisationError(
            "Les données de ce scénario ont changé depuis son calcul : recalculez-le et "
            "présentez-le de nouveau aux élus avant de le retenir."
        )
    with transaction.atomic():
        other = (
            Scenario.objects.filter(service_id=scenario.service_id, year=scenario.year, chosen=True)
            .exclude(pk=scenario.pk)
            .first()
        )
        if other is not None:
            raise MutualisationError(
                f"Le scénario « {other.name} » est déjà retenu pour ce service en {scenario.year}."
            )
        if Scenario.objects.filter(pk=scenario.pk, chosen=True).exists():
            raise MutualisationError("Ce scénario est déjà retenu.")
        scenario.chosen = True
        scenario.chosen_at = timezone.now()
        scenario.chosen_by = actor
        scenario.deliberation = deliberation
        scenario.vote = vote
        try:
            with transaction.atomic():
                scenario.save(
                    update_fields=["chosen", "chosen_at", "chosen_by", "deliberation", "vote"]
                )
        except IntegrityError:
            scenario.chosen = False
            raise MutualisationError(
                "Un scénario vient d'être retenu pour ce service et cette année."
            ) from None
        log_action(
            actor=actor,
            action="mutualisation.scenario_choose",
            obj=scenario,
            space=space,
            data={
                "deliberation": deliberation.number if deliberation else None,
                "vote": vote.pk if vote else None,
            },
        )
    return scenario
