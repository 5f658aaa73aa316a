"""The one template question about permissions: ``{% load policy %}``, then
``{% may "plans.manage" as can_manage %}`` or ``{% may "plans.update_action" action as can_update %}``.

It asks :func:`saferplaces.policy.rules.may` for the signed-in user, so a page shows a button exactly
when the service behind it would accept the request.
"""

from django import template

from saferplaces.policy import rules

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, permission: str, record=None) -> bool:
    return rules.may(context["request"].user, permission, record)
