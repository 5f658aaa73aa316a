"""What referrals and commissioned services add to other apps, registered when the apps are ready:
the plan's measures, the board pack's section of overdue returns, the demo's contracts and sign-in lines."""

from __future__ import annotations

from django.utils import timezone

from saferplaces.core import demo as demo_registry
from saferplaces.directory import demo_contracts, measures_referrals, selectors_contracts
from saferplaces.plans import board_sections


def overdue_section(quarter) -> dict:
    """The board pack's section: every commissioned service's quarterly return overdue on the day the
    pack is generated (whatever quarter it reports), named by provider and contract."""
    today = timezone.localdate()
    return {"on": today, "rows": selectors_contracts.all_overdue_returns(today)}


def register_all() -> None:
    measures_referrals.register_all()
    board_sections.register("directory/contracts/board_overdue.html", overdue_section)
    # Runs after every app's loader (the key is not an app label): it needs the directory's and the plan's.
    demo_registry.register("directory_contracts", demo_contracts.load)
    demo_registry.register_before_load(demo_contracts.clear)
    demo_registry.register_sign_in(demo_contracts.sign_in_lines)
