"""Lists that scale: one helper for every register and list page.

A list page names the columns it may be sorted by (a whitelist: the query string never reaches
``order_by`` directly), filters its queryset itself, then asks :class:`Listing` for one page. The
page is read with ``LIMIT page_size + 1``: the extra row says whether there is a next page, so no
page needs an exact ``COUNT`` of a result that may have 100,000 rows. The total shown is counted
only up to :data:`COUNT_CAP` (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``), so it costs the same
whatever the table's size: "more than 1,000" is as useful to a reader as the exact figure.

Every ordering ends with the primary key, so that pages are stable, and each sort key is backed by
an index (see the models' ``Meta.indexes``). Exports are CSV through ``saferplaces.tabular`` (cells
a spreadsheet would run are neutralised); the view logs them as an export access event, since
``core`` may not import ``audit``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from saferplaces.tabular import safe_cell

#: rows on one page unless the page says otherwise
PAGE_SIZE = 50
#: the total is counted exactly up to this many rows, then shown as "more than"
COUNT_CAP = 1000
#: the deepest page offered: an OFFSET beyond this is slow and nobody reads that far; filter instead
MAX_PAGE = 200


@dataclass(frozen=True)
class Sort:
    """A column the list may be sorted by: ``fields`` ascending (a leading ``-`` for descending
    within the ascending order); the descending order reverses every field. The primary key is
    added last."""

    label: str
    fields: tuple[str, ...]
    descending_first: bool = False


def _reverse(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


@dataclass
class Page:
    """One page of a list: the interface of ``core/pagination.html`` (Django's ``Page`` without an
    exact count)."""

    object_list: list
    number: int
    has_next: bool
    total: int
    total_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def total_text(self) -> str:
        return f"{self.total:,}"


def requested_page(request: HttpRequest) -> int:
    """The page number the query string asks for (``page``, one to four digits), else 1."""
    text = request.GET.get("page", "1")
    number = int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 5 else 1
    return max(number, 1)


class Listing:
    """Sort and page ``queryset`` as the request asks, within ``sorts``.

    ``sort`` in the query string is a key of ``sorts``, optionally with a leading ``-`` for the
    reverse order; anything else falls back to ``default``. ``page`` is a number from 1 to
    :data:`MAX_PAGE`; anything else is page 1.
    """

    def __init__(self, request: HttpRequest, queryset, *, sorts: dict[str, Sort], default: str,
                 page_size: int = PAGE_SIZE, count: bool = True):
        self._read_sort(request, sorts, default, page_size)
        fields = list(sorts[self.key].fields)
        if self.descending:
            fields = [_reverse(f) for f in fields]
        fields.append("-pk" if self.descending else "pk")
        self.ordered = _by_id(queryset).order_by(*fields)
        self.page = self._page(count)

    def _read_sort(self, request: HttpRequest, sorts: dict, default: str, page_size: int) -> None:
        """The request, sorts and page size kept, and the sort asked for (``key``, ``descending``)."""
        self.request = request
        self.sorts = sorts
        self.page_size = page_size
        asked = request.GET.get("sort", "")
        key = asked.lstrip("-")
        if key not in sorts:
            asked, key = default, default.lstrip("-")
        self.key = key
        self.descending = asked.startswith("-")

    def _page(self, count: bool) -> Page:
        number = min(requested_page(self.request), MAX_PAGE)
        start = (number - 1) * self.page_size
        rows = list(self.ordered[start:start + self.page_size + 1])
        has_next = len(rows) > self.page_size and number < MAX_PAGE
        rows = rows[:self.page_size]
        if not count:
            total, capped = start + len(rows), has_next
        elif number == 1 and not has_next:
            total, capped = len(rows), False  # the whole result is on this page: nothing to count
        else:
            total = self.ordered.order_by()[:COUNT_CAP + 1].count()
            capped = total > COUNT_CAP
        return Page(rows, number, has_next, min(total, COUNT_CAP), capped)

    def query(self, **changes) -> str:
        """The query string of this page with ``changes`` (None removes a parameter)."""
        params = self.request.GET.copy()
        for name, value in changes.items():
            params.pop(name, None)
            if value is not None:
                params[name] = value
        return params.urlencode()

    @property
    def page_query(self) -> str:
        """The query string the pagination links add ``page=`` to."""
        return self.query(page=None)

    @property
    def headers(self) -> dict[str, dict]:
        """For each sort key: the header's link (to sort by it, or reverse it) and its ``aria-sort``."""
        headers = {}
        for key, sort in self.sorts.items():
            current = key == self.key
            if current:
                target = key if self.descending else f"-{key}"
                aria = "descending" if self.descending else "ascending"
            else:
                target, aria = (f"-{key}" if sort.descending_first else key), "none"
            headers[key] = {"label": sort.label, "url": "?" + self.query(sort=target, page=None), "aria_sort": aria,
                            "current": current}
        return headers

    def filters(self, *names: str) -> dict:
        """The filters and sort of this page, for the access log."""
        values = {name: self.request.GET.get(name, "") for name in names if self.request.GET.get(name, "")}
        values["sort"] = f"-{self.key}" if self.descending else self.key
        return values


@dataclass(frozen=True)
class RowSort:
    """A column a list built in Python may be sorted by: ``key`` of a row, ascending."""

    label: str
    key: Callable
    descending_first: bool = False


class RowListing(Listing):
    """:class:`Listing` for rows the page has already built in Python (a list gathered from several
    sources, such as the directory's services with their distances): sorted by ``sorts[key].key`` (Python's
    sort is stable, so the given order breaks ties), then paged. Use it only where the rows are
    bounded by the work itself (today's cohort members), never for a whole table."""

    def __init__(self, request: HttpRequest, rows: Sequence, *, sorts: dict[str, RowSort], default: str,
                 page_size: int = PAGE_SIZE):
        self._read_sort(request, sorts, default, page_size)
        self.rows = sorted(rows, key=sorts[self.key].key, reverse=self.descending)
        last = max(1, -(-len(self.rows) // page_size))
        number = min(requested_page(request), last)
        start = (number - 1) * page_size
        self.page = Page(self.rows[start:start + page_size], number, start + page_size < len(self.rows),
                         len(self.rows), False)


def _by_id(queryset):
    """``queryset`` read by id when it is DISTINCT (``policy.access.scope`` joins the casework
    associations, then removes the duplicates): a DISTINCT over whole rows sorts every matching row
    before the first page can be read, whereas ``pk IN (the DISTINCT ids)`` lets the database walk
    the sort's index and stop after one page. The rows and their ``select_related`` are the same; a
    queryset with annotations is left as it is (they would be lost)."""
    if not queryset.query.distinct or queryset.query.distinct_fields or queryset.query.annotations:
        return queryset
    narrowed = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    narrowed.query.select_related = queryset.query.select_related
    return narrowed


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download, each cell made safe to open in a spreadsheet; ``filename`` gets a timestamp.
    The security middleware adds the headers every response of personal data gets (no-store, CSP)."""
    # Written row by row to the response: an export of many rows is not built as one string first.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localtime():%Y%m%d-%H%M}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
