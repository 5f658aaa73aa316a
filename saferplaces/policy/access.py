"""Who may see what: the single place where access to personal data is decided.

* :func:`can` answers one question: may this actor do this action to this record?
* :func:`scope` narrows a queryset to the records the actor may act on.
* :func:`explain` says why the actor can see a record ("why can I see this").
* :func:`decide` answers for many records at once, with a fixed number of queries: a page showing
  many records decides once and reads each record's :class:`Decision` (what it allows, why, and the
  basis its access event records). :func:`can`, :func:`explain` and :func:`basis_text` are
  :func:`decide` for one record.

A record of a :class:`~saferplaces.policy.models.Protected` model is visible to an actor whose role
allows the action when at least one *relationship* holds:

``own``          the actor's agency owns the record;
``agreement``    an active information-sharing agreement has both agencies as parties and covers
                 the record's data category;
``grant``        a current explicit grant names the actor or the actor's agency;
``association``  the actor takes part in casework the record belongs to (named on an open task of
                 its ASB case; declared in :mod:`saferplaces.policy.associations`).

A record of a *restricted* category (``categories.RESTRICTED``: the monthly threat assessment) is
open only to the category's **named readers** (``models.NamedReader``), and to them only where one of
the relationships above holds: for anyone not named it is as if no relationship held (404), however
their agency reaches it. Their views record ``named_reader`` among the relationships.

Changing a record needs ``own`` or ``association``: agreements and grants share for reading.
Granting access to a record needs ``own``: only the holding agency widens access.
Callers answer 404 when :func:`can` says no, so a hidden record looks like a missing one;
:func:`fetch` and :func:`refuse` log that refusal as a ``denied`` access event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.policy.associations import ASSOCIATIONS, Via
from saferplaces.policy.categories import RESTRICTED, category_label
from saferplaces.policy.models import (
    AccessGrant,
    InformationSharingAgreement,
    NamedReader,
    Protected,
    Restriction,
    record_category,
)

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
    # Only the agency that holds a record widens access to it: what an agreement, a grant or casework
    # lets others see, they cannot pass on.
    "grant": {"own"},
}

AssociationProvider = Callable[[object], Q]
_ASSOCIATIONS: dict[type[Model], list[AssociationProvider]] = {}


def register_association(model: type[Model], provider: AssociationProvider) -> None:
    """Let casework make records visible: ``provider(actor)`` returns a Q over ``model``.

    The apps' associations are declared in :mod:`saferplaces.policy.associations` and registered by
    :func:`register_declared_associations`; tests register their own providers here.
    """
    _ASSOCIATIONS.setdefault(model, []).append(provider)


def _taking_part(via: Via) -> AssociationProvider:
    def provider(actor) -> Q:
        # One Q, so that the target and its conditions hold on the same related row (the same task).
        return Q(**via.lookups(actor))

    return provider


def register_declared_associations(get_model: Callable[[str], type[Model]]) -> None:
    """Register every association of :data:`~saferplaces.policy.associations.ASSOCIATIONS`."""
    for label, ways in ASSOCIATIONS.items():
        model = get_model(label)
        _require_protected(model)
        for via in ways:
            register_association(model, _taking_part(via))


@dataclass(frozen=True)
class Reason:
    relationship: str
    text: str


def _require_protected(model) -> None:
    if not issubclass(model, Protected):
        raise TypeError(f"{model.__name__} is not a Protected model; policy cannot decide on it")


def permission_for(model, action: str) -> str:
    """The role permission ``action`` on records of ``model`` needs: the model's own when it declares
    one (``Protected.ACTION_PERMISSIONS``, e.g. counter-terrorism records read with ``contest.view``,
    not ``personal.view``), else the default of :data:`ACTION_PERMISSIONS`."""
    if action not in ACTION_PERMISSIONS:
        raise ValueError(f"Unknown action {action!r}")
    return model.ACTION_PERMISSIONS.get(action, ACTION_PERMISSIONS[action])


def _permitted(actor, action: str, model) -> bool:
    permission = permission_for(model, action)
    return bool(actor and actor.is_authenticated and actor.has_role_permission(permission))


#: agency id → its active agreements, for the span of one safe request (None outside one)
_agreements_memo: ContextVar[dict[int, list[InformationSharingAgreement]] | None] = ContextVar(
    "policy_agreements_memo", default=None)


#: (actor id, model, record id) → the record's current grants to the actor and whether the actor takes part
#: in its casework, for the span of one safe request (None outside one): a page that shows a record in
#: several places (a section and the chronology) asks the database about it once
_decided_memo: ContextVar[dict[tuple, tuple[tuple[AccessGrant, ...], bool]] | None] = ContextVar(
    "policy_decided_memo", default=None)


T = TypeVar("T")

#: key → a scoped read's result, for the span of one safe request (None outside one): see :func:`remembered`
_reads_memo: ContextVar[dict[tuple, object] | None] = ContextVar("policy_reads_memo", default=None)


@contextmanager
def remembering_agreements() -> Iterator[None]:
    """Read each agency's active agreements once inside the block, each record's grants and casework
    once per actor, and each :func:`remembered` read once.

    Enter it only around work that changes no agreement, grant or casework: a GET or HEAD request.
    """
    token = _agreements_memo.set({})
    decided = _decided_memo.set({})
    reads = _reads_memo.set({})
    try:
        yield
    finally:
        _reads_memo.reset(reads)
        _decided_memo.reset(decided)
        _agreements_memo.reset(token)


def remembered(key: tuple, read: Callable[[], T]) -> T:
    """``read()`` once per ``key`` inside a safe request, every time outside one: for a page that shows
    the same scoped records in two places (the person page's section and its chronology). ``key`` must
    name everything the read depends on, the actor included; ``read`` must return a value, not a lazy
    queryset, and the callers must not change it."""
    memo = _reads_memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[return-value]  # stored by this function from read(): a T


def _sharing_agreements(actor) -> list[InformationSharingAgreement]:
    """The active agreements the actor's agency is a party to, with their parties."""
    memo = _agreements_memo.get()
    if memo is not None and actor.agency_id in memo:
        return memo[actor.agency_id]
    agreements = list(InformationSharingAgreement.objects.active().filter(parties=actor.agency_id)
                      .prefetch_related("parties"))
    if memo is not None:
        memo[actor.agency_id] = agreements
    return agreements


def _agreement_agencies(actor, category: str) -> set[int]:
    agencies: set[int] = set()
    for agreement in _sharing_agreements(actor):
        if category in agreement.data_categories:
            agencies.update(party.pk for party in agreement.parties.all())
    return agencies


def _named_reader_of(actor, categories: set[str]) -> set[str]:
    """The restricted categories among ``categories`` that ``actor`` is a named reader of (one query)."""
    restricted = categories & set(RESTRICTED)
    if not restricted:
        return set()
    return set(NamedReader.objects.current().filter(user_id=actor.pk, category__in=restricted)
               .values_list("category", flat=True))


def is_named_reader(actor, category: str) -> bool:
    """Is ``actor`` a current named reader of the restricted ``category``?"""
    return bool(actor and actor.is_authenticated and _named_reader_of(actor, {category}))


def _grant_filter(actor, model) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(model)) & (
        Q(grantee_user=actor) | Q(grantee_agency_id=actor.agency_id)
    )


def _relationship_q(actor, model, relationship: str) -> Q:
    """The records of ``model`` that ``relationship`` ties to ``actor``, as a condition on the record's
    own row: owning and agreements are columns of the record; grants and casework are ``EXISTS``
    subqueries correlated on the record's id, so that no relationship joins rows into the query (no
    duplicates, no ``DISTINCT``) and the database can stop after the first page of an ordered list."""
    if relationship == "own":
        return Q(owner_agency_id=actor.agency_id)
    if relationship == "agreement":
        if model.CATEGORY_FIELD:  # each record's own category: the agreements naming it, category by category
            query = Q(pk__in=[])
            for category in sorted({c for a in _sharing_agreements(actor) for c in a.data_categories}):
                query |= Q(**{model.CATEGORY_FIELD: category},
                           owner_agency_id__in=_agreement_agencies(actor, category))
            return query
        agencies = _agreement_agencies(actor, model.DATA_CATEGORY)
        return Q(owner_agency_id__in=agencies) if agencies else Q(pk__in=[])
    if relationship == "grant":
        return Q(Exists(AccessGrant.objects.current().filter(_grant_filter(actor, model), object_id=OuterRef("pk"))))
    if relationship == "association":
        providers = _ASSOCIATIONS.get(model, [])
        if not providers:
            return Q(pk__in=[])
        taking_part = Q(pk__in=[])
        for provider in providers:
            taking_part |= provider(actor)
        # The casework lookups span the record's tasks or attendances: inside EXISTS, their rows
        # never multiply the record's.
        return Q(Exists(model._default_manager.filter(taking_part, pk=OuterRef("pk"))))
    raise ValueError(relationship)


def _restricted(model) -> Q:
    """The records of ``model`` under an active restriction (``models.Restriction``): a subquery, no query."""
    return Q(pk__in=Restriction.objects.active().filter(content_type=ContentType.objects.get_for_model(model))
             .values("object_id"))


def scope(actor, queryset: QuerySet, action: str = "view") -> QuerySet:
    """The records of ``queryset`` that ``actor`` may ``action``; none when the role does not allow it."""
    model = queryset.model
    _require_protected(model)
    if not _permitted(actor, action, model):
        return queryset.none()
    if model.DATA_CATEGORY in RESTRICTED and not _named_reader_of(actor, {model.DATA_CATEGORY}):
        return queryset.none()
    queryset = queryset.exclude(_restricted(model))  # Art. 18 restriction: hidden until lifted
    query = Q(pk__in=[])
    for relationship in sorted(ACTION_RELATIONSHIPS[action]):
        query |= _relationship_q(actor, model, relationship)
    # One row per record whatever the relationships (each is a column test or an EXISTS): no DISTINCT.
    return queryset.filter(query)


@dataclass(frozen=True)
class Decision:
    """What ties one actor to one record: the relationships found, with the agreements and grants
    behind them, so that "may", "why" and the access log's basis come from one answer."""

    actor: object
    record: Protected
    #: every relationship by which the actor reaches the record (whatever their role allows)
    relationships: frozenset[str]
    #: the active agreements sharing the record's category between its owner and the actor's agency
    agreements: tuple[InformationSharingAgreement, ...] = ()
    #: the current grants of the record to the actor or the actor's agency, newest first
    grants: tuple[AccessGrant, ...] = ()

    def allows(self, action: str) -> bool:
        """May the actor do ``action`` to the record (their role and a relationship both allow it)?"""
        return (_permitted(self.actor, action, type(self.record))
                and bool(self.relationships & ACTION_RELATIONSHIPS[action]))

    @property
    def basis(self) -> str:
        """A short line for the access log saying which relationships allowed the view."""
        return ", ".join(sorted(self.relationships))

    def reasons(self) -> list[Reason]:
        """Why the actor can see the record, one sentence per relationship, for the page to show."""
        actor, record = self.actor, self.record
        reasons = []
        if "own" in self.relationships:
            reasons.append(Reason("own", f"Your agency, {actor.agency.name}, holds this record."))
        category = category_label(record_category(record)).lower()
        for agreement in self.agreements:
            # The owner is a party to the agreement: its name comes with the parties already read.
            owner = next(p for p in agreement.parties.all() if p.pk == record.owner_agency_id)
            reasons.append(Reason(
                "agreement",
                f"Information-sharing agreement {agreement.reference} ({agreement.title}) lets "
                f"{owner.name} share {category} with {actor.agency.name}; legal basis: "
                f"{agreement.get_legal_basis_display()}.",
            ))
        for grant in self.grants:
            whom = "you" if grant.grantee_user_id == actor.pk else actor.agency.name
            reasons.append(Reason(
                "grant",
                f"{grant.granted_by.display_name} granted {whom} access on {grant.granted_at:%d %B %Y}: {grant.reason}",
            ))
        if "association" in self.relationships:
            reasons.append(Reason("association", "You are named on an open task of the casework this record "
                                                 "belongs to."))
        if "named_reader" in self.relationships:
            reasons.append(Reason("named_reader", f"You are a named reader of {category}: only named readers "
                                                  "may open these records."))
        return reasons


def _key(record: Protected) -> tuple[type[Model], object]:
    return type(record), record.pk


class Decisions:
    """The :class:`Decision` for each record of one :func:`decide` call: ``decisions[record]``."""

    def __init__(self, decisions: Iterable[Decision]):
        self._by_record = {_key(d.record): d for d in decisions}

    def __getitem__(self, record: Protected) -> Decision:
        return self._by_record[_key(record)]

    def __len__(self) -> int:
        return len(self._by_record)


def _pks_by_model(records: Iterable[Protected]) -> dict[type[Model], set]:
    ids: dict[type[Model], set] = {}
    for record in records:
        ids.setdefault(type(record), set()).add(record.pk)
    return ids


def _current_grants(actor, records: list[Protected]) -> dict[tuple[type[Model], object], list[AccessGrant]]:
    ids = _pks_by_model(records)
    query = Q(pk__in=[])
    for model, pks in ids.items():
        query |= _grant_filter(actor, model) & Q(object_id__in=pks)
    models = {ContentType.objects.get_for_model(model).pk: model for model in ids}  # cached: no query
    by_record: dict[tuple[type[Model], object], list[AccessGrant]] = {}
    for grant in AccessGrant.objects.current().filter(query).select_related("granted_by"):
        by_record.setdefault((models[grant.content_type_id], grant.object_id), []).append(grant)
    return by_record


def _associated(actor, records: list[Protected]) -> set[tuple[type[Model], object]]:
    ids = _pks_by_model(record for record in records if _ASSOCIATIONS.get(type(record)))
    found = set()
    for model, pks in ids.items():
        query = _relationship_q(actor, model, "association")
        pks_found = model._default_manager.filter(query, pk__in=pks).values_list("pk", flat=True)
        found.update((model, pk) for pk in pks_found)
    return found


def _grants_and_casework(actor, records: list[Protected]):
    """The current grants of ``records`` to ``actor`` and those whose casework the actor takes part in: two
    queries, or, inside a safe request, none for the records already decided on in it."""
    memo = _decided_memo.get()
    if memo is None:
        return _current_grants(actor, records), _associated(actor, records)
    unknown = [record for record in records if (actor.pk, *_key(record)) not in memo]
    if unknown:
        grants, associated = _current_grants(actor, unknown), _associated(actor, unknown)
        for record in unknown:
            key = _key(record)
            memo[(actor.pk, *key)] = (tuple(grants.get(key, ())), key in associated)
    known = {_key(record): memo[(actor.pk, *_key(record))] for record in records}
    return ({key: list(granted) for key, (granted, _) in known.items() if granted},
            {key for key, (_, taking_part) in known.items() if taking_part})


def decide(actor, records: Iterable[Protected]) -> Decisions:
    """Decide for every record of ``records`` at once, with a fixed number of queries whatever their number.

    Owning is read from the record; the actor's active agreements are read once (two queries, none
    when a safe request has read them already), the current grants of all the records in one query,
    and casework once per model that has associations; inside a safe request a record's grants and
    casework are read once for the whole request (:func:`remembering_agreements`), otherwise they are
    not kept beyond the call.
    """
    records = list(records)
    for model in {type(record) for record in records}:
        _require_protected(model)
    if not records:
        return Decisions([])
    agreements = _sharing_agreements(actor)
    named_reader_of = _named_reader_of(actor, {record.DATA_CATEGORY for record in records})
    grants, associated = _grants_and_casework(actor, records)
    decisions = []
    for record in records:
        key = _key(record)
        sharing = tuple(a for a in agreements if record_category(record) in a.data_categories
                        and any(p.pk == record.owner_agency_id for p in a.parties.all()))
        found = {
            "own": record.owner_agency_id == actor.agency_id,
            "agreement": bool(sharing),
            "grant": key in grants,
            "association": key in associated,
        }
        granted = tuple(grants.get(key, ()))
        if record.DATA_CATEGORY in RESTRICTED:
            # Closed to everyone not named, whatever else ties them to it; for a named reader, one more
            # relationship that the page names and the access log records.
            if record.DATA_CATEGORY in named_reader_of:
                found["named_reader"] = any(found.values())
            else:
                found, sharing, granted = {}, (), ()
        decisions.append(Decision(actor, record, frozenset(r for r, holds in found.items() if holds), sharing,
                                  granted))
    return Decisions(decisions)


def can(actor, action: str, record: Protected) -> bool:
    """May ``actor`` do ``action`` (view, change, export, grant) to ``record``?"""
    if not _permitted(actor, action, type(record)):
        return False
    return decide(actor, [record])[record].allows(action)


def explain(actor, record: Protected) -> list[Reason]:
    """Why ``actor`` can see ``record``, one sentence per relationship, for the page to show."""
    return decide(actor, [record])[record].reasons()


def basis_text(actor, record: Protected) -> str:
    """A short line for the access log saying which relationships allowed the view."""
    return decide(actor, [record])[record].basis


def refuse(actor, record: Protected, action: str = "view") -> Http404:
    """The 404 for a record that exists but is not the actor's, logged as a ``denied`` access event
    (record type and id, the action asked for); the caller raises it."""
    if actor is not None and actor.is_authenticated:
        # The label names the kind only: str() of a record may be a name the actor was refused.
        access_record(actor=actor, action=AccessAction.DENIED, record=record, reason="",
                      record_label=f"{record._meta.verbose_name} {record.pk}", detail={"action": action})
    return Http404("No such record")


def fetch(actor, queryset: QuerySet, pk, action: str = "view"):
    """Fetch and authorise in one call: the record, or 404 whether it is missing or not the actor's.

    A refusal of a record that exists is logged (:func:`refuse`); a missing one is not: there is no
    record whose access to account for, and a mistyped address is not an access.
    """
    # Whether the record is restricted (Art. 18) is read with it, in the same query.
    record = queryset.filter(pk=pk).annotate(_sp_restricted=Exists(
        Restriction.objects.active().filter(content_type=ContentType.objects.get_for_model(queryset.model),
                                            object_id=OuterRef("pk")))).first()
    if record is None:
        raise Http404("No such record")
    if record._sp_restricted or not can(actor, action, record):
        raise refuse(actor, record, action)
    return record


#: the relationships that open a record whole, its parts of finer categories included: the holding agency,
#: the people taking part in its casework, and a grant (the holder's decision about this very record)
WHOLE_RECORD = frozenset({"own", "grant", "association"})


def hidden_parts(decision: Decision) -> frozenset[str]:
    """The fields of the decision's record that its actor may not see (``Protected.PART_CATEGORIES``).

    A field of a finer category than its record is seen through an agreement only when an active
    agreement between the record's owner and the actor's agency names that category too (a housing
    partner sharing victims' records does not see the DASH answers on a referral unless its agreement
    names ``domestic_abuse``). Owning the record, taking part in its casework, or a grant of it opens
    every part. No queries beyond the actor's agreements (read once per safe request).
    """
    parts = type(decision.record).PART_CATEGORIES
    if not decision.relationships:
        return frozenset(parts)
    if not parts or decision.relationships & WHOLE_RECORD:
        return frozenset()
    owner = decision.record.owner_agency_id
    covered = {category for agreement in _sharing_agreements(decision.actor)
               if any(p.pk == owner for p in agreement.parties.all()) for category in agreement.data_categories}
    return frozenset(name for name, category in parts.items() if category not in covered)


def agreement_categories(actor) -> set[str]:
    """The data categories that the active information-sharing agreements of ``actor``'s agency cover
    (a partner system's pushes and reads are limited to these: ``saferplaces.api``)."""
    return {category for agreement in _sharing_agreements(actor) for category in agreement.data_categories}
