import json

from django.shortcuts import render

from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.maps import selectors
from saferplaces.maps.forms import MapReasonForm
from saferplaces.policy.rules import may, require_permission


def partnership_map(request):
    """Priority areas, open tasking actions and hot spots for every viewer of places; the ASB cases
    and incidents the viewer may see once they give a reason, logged like a search of the case list."""
    require_permission(request.user, "places.view")
    can_search = may(request.user, "personal.search")
    form = MapReasonForm(request.GET or None) if can_search else None
    personal = bool(form is not None and form.is_bound and form.is_valid())
    layers = selectors.map_layers(actor=request.user, personal=personal)
    if personal:
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="asb.asbcase",
                      reason=form.cleaned_data["reason"], justification=form.cleaned_data["justification"],
                      path=request.path, detail={"map": True, "cases": len(layers["cases"].features),
                                                 "incidents": len(layers["incidents"].features)})
    data = {key: layer.collection() for key, layer in layers.items()}
    return render(request, "maps/map.html", {
        "form": form, "personal": personal, "layers": list(layers.values()),
        "layers_json": json.dumps(data), "can_search": can_search})
