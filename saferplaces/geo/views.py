import json

from django.http import HttpResponse, JsonResponse

from saferplaces.geo import mapconfig, postcodes


def postcode_lookup(request):
    """Where a postcode is, for the map picker: open data, so any signed-in user may ask."""
    text = request.GET.get("postcode", "")
    normal = postcodes.normalise(text)
    if normal is None:
        return JsonResponse({"error": "Enter a real postcode, like SW1A 1AA"}, status=400)
    found = postcodes.find(normal)
    if found is None:
        # Not an error of the request: the list may not hold every postcode (or not be loaded yet).
        return JsonResponse({"postcode": normal, "error": f"{normal} is not in the postcode list"})
    return JsonResponse({"postcode": found.postcode, "latitude": found.latitude, "longitude": found.longitude,
                         "sample": found.is_sample})


def boundary(request):
    """The borough's outlines (``MAP_BOUNDARY_FILE``) that every map draws, tiles or not."""
    return HttpResponse(json.dumps(mapconfig.boundary()), content_type="application/geo+json")
