"""Placing a record on the map: by its postcode, or by clicking the map; never by typing a latitude
and longitude.

A form that places a record mixes in :class:`PointPickerMixin` and names its postcode field. The
postcode's input then carries a small map (``geo/postcode_map_widget.html``; drawn by
``static/saferplaces/map.mjs``) and the form gains two hidden fields, ``latitude`` and ``longitude``,
that a click on the map or a postcode found while typing fills. On submit the form keeps a marked
point; without one (no JavaScript, or nothing clicked) it looks the postcode up itself, so the
postcode alone always works.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

from saferplaces.geo import postcodes

POINT_ERROR = "The place marked on the map is not in the United Kingdom: mark it again or give the postcode"


class PostcodeMapWidget(forms.TextInput):
    """The postcode's text input with the picker map under it."""

    template_name = "geo/postcode_map_widget.html"

    def __init__(self, attrs=None, *, latitude_id: str = "id_latitude", longitude_id: str = "id_longitude"):
        super().__init__({"autocomplete": "postal-code", "spellcheck": "false", **(attrs or {})})
        self.latitude_id, self.longitude_id = latitude_id, longitude_id

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["picker"] = {"latitude_id": self.latitude_id, "longitude_id": self.longitude_id,
                             "lookup_url": reverse("geo:postcode_lookup")}
        return context


class PointPickerMixin:
    """Adds the hidden point to a form and fills it from the postcode when nothing was marked.

    ``cleaned_data`` then holds ``latitude`` and ``longitude`` (both or neither) and
    ``point_from`` ("map", "postcode" or "" when the record has no point).
    """

    point_postcode_field = "postcode"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prefix = f"id_{self.prefix}-" if self.prefix else "id_"
        field = self.fields[self.point_postcode_field]
        css = field.widget.attrs.get("class", "govuk-input")
        field.widget = PostcodeMapWidget({"class": f"{css} govuk-input--width-10"},
                                         latitude_id=f"{prefix}latitude", longitude_id=f"{prefix}longitude")
        field.help_text = field.help_text or "We place the record on the map by its postcode; or click the map " \
                                             "to mark the exact place"
        for name in ("latitude", "longitude"):
            self.fields[name] = forms.FloatField(required=False, widget=forms.HiddenInput,
                                                 error_messages={"invalid": POINT_ERROR})

    def clean(self):
        data = super().clean()
        name = self.point_postcode_field
        for hidden in ("latitude", "longitude"):  # a hidden field's error belongs to the visible postcode
            if hidden in self.errors:
                self.add_error(name, self.errors.pop(hidden)[0])
        latitude, longitude = data.get("latitude"), data.get("longitude")
        data["point_from"] = ""
        if (latitude is None) != (longitude is None) or (
                latitude is not None and not postcodes.in_uk(latitude, longitude)):
            if name not in self.errors:
                self.add_error(name, POINT_ERROR)
            data["latitude"] = data["longitude"] = None
            return data
        if latitude is not None and not self._postcode_moved(data, latitude, longitude):
            data["point_from"] = "map"
            return data
        data["latitude"] = data["longitude"] = None
        text = data.get(name) or ""
        if text.strip():
            normal = postcodes.normalise(text)
            if normal is None:
                self.add_error(name, "Enter a real postcode, like SW1A 1AA")
                return data
            data[name] = normal
            found = postcodes.find(normal)
            if found is not None:
                data["latitude"], data["longitude"], data["point_from"] = found.latitude, found.longitude, "postcode"
        return data

    def _postcode_moved(self, data, latitude, longitude) -> bool:
        """A correction whose postcode changed while the point is still the one it was saved with
        (no click, no script to look the new postcode up): the new postcode places it."""
        name = self.point_postcode_field
        before = (self.initial.get(name) or "").replace(" ", "").upper()
        after = (data.get(name) or "").replace(" ", "").upper()
        unmoved = (latitude, longitude) == (self.initial.get("latitude"), self.initial.get("longitude"))
        return "latitude" in self.initial and unmoved and before != after

    def point(self) -> dict:
        return {"latitude": self.cleaned_data.get("latitude"), "longitude": self.cleaned_data.get("longitude")}
