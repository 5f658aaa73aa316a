"""What referrals and commissioned services add to other apps, registered when the apps are ready:
the plan's measures, the board pack's section of overdue returns, the demo's contracts and sign-in lines."""

from __future__ import annotations

import datetime as dt

from saferplaces.core import demo as demo_registry
from saferplaces.directory import demo_contracts, measures_referrals, selectors_contracts
from saferplaces.plans import board_sections


def overdue_section(today: dt.date) -> board_sections.Section:
    rows = selectors_contracts.all_overdue_returns(today)
    return board_sections.Section(
        "Commissioned services: quarterly returns overdue",
        tuple(f"{contract.provider}, {contract.reference} ({contract.title}): {owed.label}, due "
              f"{owed.due_on:%-d %B %Y}" for contract, owed in rows),
        "Every commissioned service's quarterly return is in.")


def register_all() -> None:
    measures_referrals.register_all()
    board_sections.register(overdue_section)
    # Runs after every app's loader (the key is not an app label): it needs the directory's and the plan's.
    demo_registry.register("directory_contracts", demo_contracts.load)
    demo_registry.register_before_load(demo_contracts.clear)
    demo_registry.register_sign_in(demo_contracts.sign_in_lines)
