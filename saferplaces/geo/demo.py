"""Sample postcodes for the demo, so that its maps and postcode boxes work without the ONS file.

They are marked as samples (``is_sample``) and the picker says so. Each is a real Westminster
outward code with a point placed by hand near a landmark of the demo's priority areas: rough, for
the demo only, never a substitute for loading the NSPL (``manage.py load_postcodes``).
"""

from __future__ import annotations

from saferplaces.geo.models import Postcode

WESTMINSTER = "E09000033"

#: postcode → (latitude, longitude, near)
SAMPLE = {
    "NW8 8EY": (51.5255, -0.1705, "Church Street market"),
    "NW8 8AB": (51.5238, -0.1668, "Lisson Green"),
    "NW1 5AA": (51.5208, -0.1632, "Edgware Road station"),
    "W9 3AA": (51.5292, -0.2027, "Harrow Road"),
    "W9 3AB": (51.5308, -0.2088, "Mozart estate"),
    "W10 4LP": (51.5325, -0.2105, "Queen's Park Gardens"),
    "W1D 3QF": (51.5136, -0.1318, "Soho"),
    "WC2H 7AA": (51.5103, -0.1301, "Leicester Square"),
    "SW1V 1AA": (51.4960, -0.1440, "Victoria"),
    "W2 1DY": (51.5180, -0.1700, "Edgware Road underpass"),
    "SW1A 2AA": (51.5034, -0.1276, "Whitehall"),
    "W1J 9AA": (51.5074, -0.1430, "Mayfair"),
}


def load(out) -> None:
    for postcode, (latitude, longitude, _near) in SAMPLE.items():
        Postcode.objects.update_or_create(postcode=postcode, defaults={
            "latitude": latitude, "longitude": longitude, "lad_code": WESTMINSTER, "is_sample": True})
    out.write(f"  {len(SAMPLE)} sample postcodes (marked as samples; load the NSPL for real ones)\n")
