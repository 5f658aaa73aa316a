"""``{% dpias_for agreement as dpias %}``: the DPIAs an agreement relies on, for the agreement's page
(policy's template; policy itself cannot import this app)."""

from django import template
from django.utils import timezone

from saferplaces.dpo.clocks import review_flag
from saferplaces.dpo.models import DPIA

register = template.Library()


@register.simple_tag
def dpias_for(agreement):
    """The DPIAs linked to any version of ``agreement``, each with its review flag today."""
    today = timezone.localdate()
    dpias = (DPIA.objects.filter(agreements__reference=agreement.reference).select_related("owner_agency")
             .distinct().order_by("review_date", "pk"))
    return [(dpia, review_flag(dpia.review_date, today)) for dpia in dpias]
