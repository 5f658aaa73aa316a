"""Who may see what: the single place where access to personal data is decided.

* :func:`can` answers one question: may this actor do this action to this record?
* :func:`scope` narrows a queryset to the records the actor may act on.
* :func:`explain` says why the actor can see a record ("why can I see this").

A record of a :class:`~saferplaces.policy.models.Protected` model is visible to an actor whose role
allows the action when at least one *relationship* holds:

``own``          the actor's agency owns the record;
``agreement``    an active information-sharing agreement has both agencies as parties and covers
                 the record's data category;
``grant``        a current explicit grant names the actor or the actor's agency;
``association``  the record is associated with casework the actor's agency takes part in
                 (declared in :mod:`saferplaces.policy.associations`).

Changing a record needs ``own`` or ``association``: agreements and grants share for reading.
Callers answer 404 when :func:`can` says no, so a hidden record looks like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from saferplaces.policy.associations import ASSOCIATIONS
from saferplaces.policy.categories import category_label
from saferplaces.policy.models import AccessGrant, InformationSharingAgreement, Protected

#: action → the role permission it needs
ACTION_PERMISSIONS = {
    "view": "personal.view",
    "change": "personal.change",
    "export": "personal.export",
    "grant": "records.grant",
}
#: action → the relationships that allow it
ACTION_RELATIONSHIPS = {
    "view": {"own", "agreement", "grant", "association"},
    "export": {"own", "agreement", "grant", "association"},
    "change": {"own", "association"},
    "grant": {"own", "agreement", "grant", "association"},
}

AssociationProvider = Callable[[object], Q]
_ASSOCIATIONS: dict[type[Model], list[AssociationProvider]] = {}


def register_association(model: type[Model], provider: AssociationProvider) -> None:
    """Let casework make records visible: ``provider(actor)`` returns a Q over ``model``.

    The apps' associations are declared in :mod:`saferplaces.policy.associations` and registered by
    :func:`register_declared_associations`; tests register their own providers here.
    """
    _ASSOCIATIONS.setdefault(model, []).append(provider)


def _agency_at(path: str) -> AssociationProvider:
    def provider(actor) -> Q:
        return Q(**{path: actor.agency_id})

    return provider


def register_declared_associations(get_model: Callable[[str], type[Model]]) -> None:
    """Register every association of :data:`~saferplaces.policy.associations.ASSOCIATIONS`."""
    for label, paths in ASSOCIATIONS.items():
        model = get_model(label)
        _require_protected(model)
        for path in paths:
            register_association(model, _agency_at(path))


@dataclass(frozen=True)
class Reason:
    relationship: str
    text: str


def _require_protected(model) -> None:
    if not issubclass(model, Protected):
        raise TypeError(f"{model.__name__} is not a Protected model; policy cannot decide on it")


def _permitted(actor, action: str) -> bool:
    if action not in ACTION_PERMISSIONS:
        raise ValueError(f"Unknown action {action!r}")
    return bool(actor and actor.is_authenticated and actor.has_role_permission(ACTION_PERMISSIONS[action]))


def _agreement_agencies(actor, category: str) -> set[int]:
    agencies: set[int] = set()
    for agreement in InformationSharingAgreement.objects.active().filter(parties=actor.agency_id).prefetch_related(
        "parties"
    ):
        if category in agreement.data_categories:
            agencies.update(party.pk for party in agreement.parties.all())
    return agencies


def _grant_filter(actor, model) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model)) & (
        Q(grantee_user=actor) | Q(grantee_agency_id=actor.agency_id)
    )


def _relationship_q(actor, model, relationship: str) -> Q:
    if relationship == "own":
        return Q(owner_agency_id=actor.agency_id)
    if relationship == "agreement":
        agencies = _agreement_agencies(actor, model.DATA_CATEGORY)
        return Q(owner_agency_id__in=agencies) if agencies else Q(pk__in=[])
    if relationship == "grant":
        ids = AccessGrant.objects.current().filter(_grant_filter(actor, model)).values("object_id")
        return Q(pk__in=ids)
    if relationship == "association":
        query = Q(pk__in=[])
        for provider in _ASSOCIATIONS.get(model, []):
            query |= provider(actor)
        return query
    raise ValueError(relationship)


def scope(actor, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The records of ``queryset`` that ``actor`` may ``action``; none when the role does not allow it."""
    model = queryset.model
    _require_protected(model)
    if not _permitted(actor, action):
        return queryset.none()
    query = Q(pk__in=[])
    for relationship in sorted(ACTION_RELATIONSHIPS[action]):
        query |= _relationship_q(actor, model, relationship)
    return queryset.filter(query).distinct()


def relationships(actor, record: Protected) -> set[str]:
    """Every relationship by which ``actor`` reaches ``record`` (whatever their role allows)."""
    model = type(record)
    _require_protected(model)
    found = set()
    for relationship in ("own", "agreement", "grant", "association"):
        if model._default_manager.filter(_relationship_q(actor, model, relationship), pk=record.pk).exists():
            found.add(relationship)
    return found


def can(actor, action: str, record: Protected) -> bool:
    """May ``actor`` do ``action`` (view, change, export, grant) to ``record``?"""
    if not _permitted(actor, action):
        return False
    return bool(relationships(actor, record) & ACTION_RELATIONSHIPS[action])


def explain(actor, record: Protected) -> list[Reason]:
    """Why ``actor`` can see ``record``, one sentence per relationship, for the page to show."""
    found = relationships(actor, record)
    reasons = []
    if "own" in found:
        reasons.append(Reason("own", f"Your agency, {actor.agency.name}, holds this record."))
    if "agreement" in found:
        category = record.DATA_CATEGORY
        agreements = (
            InformationSharingAgreement.objects.active()
            .filter(parties=actor.agency_id)
            .filter(parties=record.owner_agency_id)
        )
        reasons.extend(
            Reason(
                "agreement",
                f"Information-sharing agreement {agreement.reference} ({agreement.title}) lets "
                f"{record.owner_agency.name} share {category_label(category).lower()} with "
                f"{actor.agency.name}; legal basis: {agreement.get_legal_basis_display()}.",
            )
            for agreement in agreements
            if category in agreement.data_categories
        )
    if "grant" in found:
        for grant in AccessGrant.objects.current().filter(_grant_filter(actor, type(record)), object_id=record.pk):
            whom = "you" if grant.grantee_user_id == actor.pk else actor.agency.name
            reasons.append(
                Reason(
                    "grant",
                    f"{grant.granted_by.display_name} granted {whom} access on "
                    f"{grant.granted_at:%d %B %Y}: {grant.reason}",
                )
            )
    if "association" in found:
        reasons.append(Reason("association", "Your agency takes part in casework this record belongs to."))
    return reasons


def basis_text(actor, record: Protected) -> str:
    """A short line for the access log saying which relationships allowed the view."""
    return ", ".join(sorted(relationships(actor, record)))


def fetch(actor, queryset: QuerySet, pk, action: str = "view"):
    """Fetch and authorise in one call: the record, or 404 whether it is missing or not the actor's."""
    record = queryset.filter(pk=pk).first()
    if record is None or not can(actor, action, record):
        raise Http404("No such record")
    return record
