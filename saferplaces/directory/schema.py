"""A JSON Schema of the Open Referral UK 3.0 API's responses, and a checker for it.

Written here from the definitions of ORUK 3.0 (the UK profile of HSDS 3.0.0: its schema of each table,
the profile's removals, and the ``Page`` envelope of its OpenAPI description, version "3.0";
github.com/OpenReferralUK/uk-profile): the fields' names and types, the required fields, the enumerated
values and the formats (uuid, date, date-time, email). Two HSDS 3.0 fields the UK profile leaves out are
allowed (the schema allows other properties, as the standard's does): ``service.eligibility_description``
and ``contact.phones``.

The tests check every response of the API against it; the feed importer checks every incoming service
against ``SERVICE`` before reading it, so a bad feed is reported field by field. ``problems`` implements
the part of JSON Schema these schemas use (type, required, properties, items, enum, minimum, format and
local ``$ref``s): ``jsonschema`` is not a dependency of the project.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

VERSION = "3.0"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _s(fmt: str | None = None, enum: list[str] | None = None) -> dict:
    schema: dict = {"type": "string"}
    if fmt:
        schema["format"] = fmt
    if enum:
        schema["enum"] = enum
    return schema


def _object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def _array(ref: str) -> dict:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


UUID, TEXT, NUMBER = _s("uuid"), _s(), {"type": "number", "minimum": 0}

DEFS: dict[str, dict] = {
    "taxonomy_term": _object(["id", "name", "description"], id=UUID, name=TEXT, description=TEXT, parent_id=UUID,
                             taxonomy=TEXT, taxonomy_id=UUID, term_uri=_s("uri"), term=TEXT),
    "taxonomy": _object(["id", "name", "description"], id=UUID, name=TEXT, description=TEXT, uri=_s("uri"),
                        version=TEXT),
    "attribute": _object(["id"], id=UUID, link_id=UUID, taxonomy_term_id=UUID, link_type=TEXT,
                         taxonomy_term={"$ref": "#/$defs/taxonomy_term"}),
    "organization": _object(["id", "name", "description"], id=UUID, name=TEXT, description=TEXT, email=_s("email"),
                            website=_s("uri"), logo=TEXT, uri=_s("uri"), parent_organization_id=UUID),
    "address": _object(["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
                       id=UUID, location_id=UUID, attention=TEXT, address_1=TEXT, city=TEXT, region=TEXT,
                       state_province=TEXT, postal_code=TEXT, country=TEXT,
                       address_type=_s(enum=["physical", "postal", "virtual"])),
    "location": _object(["id", "location_type"], id=UUID, location_type=_s(enum=["physical", "postal", "virtual"]),
                        name=TEXT, description=TEXT, latitude={"type": "number"}, longitude={"type": "number"},
                        external_identifier=TEXT, external_identifier_type=TEXT, addresses=_array("address")),
    "service_at_location": _object(["id"], id=UUID, service_id=UUID, location_id=UUID,
                                   location={"$ref": "#/$defs/location"}),
    "phone": _object(["id", "number"], id=UUID, contact_id=UUID, number=TEXT, description=TEXT),
    "contact": _object(["id"], id=UUID, service_id=UUID, name=TEXT, title=TEXT, phones=_array("phone")),
    "schedule": _object(["id"], id=UUID, service_id=UUID, service_at_location_id=UUID, valid_from=_s("date"),
                        valid_to=_s("date"), dtstart=_s("date"), freq=_s(enum=["WEEKLY", "MONTHLY"]),
                        interval={"type": "number", "minimum": 1}, byday=TEXT, bymonthday=TEXT, description=TEXT,
                        opens_at=_s("time"), closes_at=_s("time"), schedule_link=_s("uri"), attending_type=TEXT,
                        notes=TEXT),
    "service_area": _object(["id"], id=UUID, service_id=UUID, name=TEXT, extent=TEXT, extent_type=TEXT, uri=TEXT,
                            service_area=TEXT),
}

_SERVICE_FIELDS = dict(
    id=UUID, organization_id=UUID, name=TEXT, description=TEXT, url=_s("uri"), email=_s("email"),
    status=_s(enum=["active", "inactive", "defunct", "temporarily closed"]), fees=TEXT, accreditations=TEXT,
    eligibility_description=TEXT, minimum_age=NUMBER, maximum_age=NUMBER, assured_date=_s("date"),
    assurer_email=_s("email"), alert=TEXT, last_modified=_s("date-time"),
    organization={"$ref": "#/$defs/organization"})

#: A service in the list of ``/services`` (the standard's ``service_list``: one-to-one fields).
SERVICE_LIST_ITEM = _object(["id", "name", "status"], **_SERVICE_FIELDS)
#: A fully nested service (``/services/{id}``, and each service of a feed).
SERVICE = _object(["id", "name", "status"], **_SERVICE_FIELDS, schedules=_array("schedule"),
                  service_areas=_array("service_area"), service_at_locations=_array("service_at_location"),
                  contacts=_array("contact"), attributes=_array("attribute"),
                  languages={"type": "array"}, funding={"type": "array"}, cost_options={"type": "array"})

PAGE = {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"}, "page_number": {"type": "integer"},
        "size": {"type": "integer"}, "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"}}


def page_of(item: dict) -> dict:
    return {"type": "object", "required": [*PAGE, "contents"],
            "properties": {**PAGE, "contents": {"type": "array", "items": item}}}


def document(schema: dict) -> dict:
    """``schema`` as a whole JSON Schema document, with the definitions it refers to."""
    return {"$schema": DIALECT, "$defs": DEFS, **schema}


RESPONSES = {
    "service": document(SERVICE),
    "service_page": document(page_of(SERVICE_LIST_ITEM)),
    "full_service_page": document(page_of(SERVICE)),
    "taxonomy": document({"$ref": "#/$defs/taxonomy"}),
    "taxonomy_page": document(page_of({"$ref": "#/$defs/taxonomy"})),
    "taxonomy_term": document({"$ref": "#/$defs/taxonomy_term"}),
    "taxonomy_term_page": document(page_of({"$ref": "#/$defs/taxonomy_term"})),
}

_TYPES = {"string": str, "object": dict, "array": list, "boolean": bool}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
_TIME = re.compile(r"^\d\d:\d\d(:\d\d)?$")


def _format_ok(fmt: str, value: str) -> bool:
    try:
        if fmt == "uuid":
            uuid.UUID(value)
        elif fmt == "date":
            dt.date.fromisoformat(value)
        elif fmt == "date-time":
            dt.datetime.fromisoformat(value)
        elif fmt == "email":
            return bool(_EMAIL.match(value))
        elif fmt == "uri":
            return bool(_URI.match(value))
        elif fmt == "time":
            return bool(_TIME.match(value))
    except ValueError:
        return False
    return True


def _type_ok(kind: str, value) -> bool:
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[kind])


def problems(value, schema: dict, root: dict | None = None, path: str = "") -> list[str]:
    """Every way ``value`` breaks ``schema`` (``root`` holds the ``$defs``), as "path: problem"."""
    root = root or schema
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].removeprefix("#/$defs/")]
    where = path or "the document"
    kind = schema.get("type")
    if kind and not _type_ok(kind, value):
        return [f"{where}: must be a{'n' if kind in ('object', 'array', 'integer') else ''} {kind}"]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: '{value}' is not one of {', '.join(schema['enum'])}")
    if "minimum" in schema and value < schema["minimum"]:
        found.append(f"{where}: must be at least {schema['minimum']}")
    if "format" in schema and isinstance(value, str) and not _format_ok(schema["format"], value):
        found.append(f"{where}: '{value}' is not a valid {schema['format']}")
    if isinstance(value, dict):
        found.extend(f"{path + '.' if path else ''}{name}: is required"
                     for name in schema.get("required", []) if name not in value)
        for name, inner in schema.get("properties", {}).items():
            if name in value:
                found.extend(problems(value[name], inner, root, f"{path + '.' if path else ''}{name}"))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found.extend(problems(item, schema["items"], root, f"{path}[{index}]"))
    return found
