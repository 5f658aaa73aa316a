"""Casework that makes a record visible to the agencies taking part in it (the ``association``
relationship of :mod:`saferplaces.policy.access`).

Each protected model whose records casework can share is listed by its label, with the lookup paths
from the record to the id of an agency taking part. Policy sits below the business apps and never
imports them: the labels are resolved when the apps are ready.

To add one: name the model and the path here, add the route to ``tests/access_table.py`` with the
relationship, and say so in ``docs/security.md``.
"""

#: model label → lookup paths from one of its records to an agency taking part in its casework
ASSOCIATIONS: dict[str, tuple[str, ...]] = {
    # An agency given a task on an ASB case takes part in it: it sees (and works on) the case...
    "asb.AsbCase": ("tasks__assigned_agency_id",),
    # ... and the warnings and notices issued on it.
    "asb.ProtectionNotice": ("case__tasks__assigned_agency_id",),
}
