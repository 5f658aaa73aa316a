from django import template

from saferplaces.geo import mapconfig

register = template.Library()


@register.simple_tag
def map_config() -> str:
    """The map settings as JSON for a ``data-map-config`` attribute (escaped by the template)."""
    return mapconfig.config_json()
