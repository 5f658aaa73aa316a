"""Demo data loaders. Each app registers one in its ``AppConfig.ready``; ``load_demo`` runs them
in the order of INSTALLED_APPS. Demo records are fictional and marked as demo where shown."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps

Loader = Callable[[object], None]
_LOADERS: dict[str, Loader] = {}

#: The one password of every demo account. Printed by ``make demo``; never use it elsewhere.
DEMO_PASSWORD = "Westminster-demo-2017"


def register(app_label: str, loader: Loader) -> None:
    _LOADERS[app_label] = loader


def loaders() -> list[tuple[str, Loader]]:
    order = [config.label for config in apps.get_app_configs()]
    return sorted(_LOADERS.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


_BEFORE_LOAD: list[Loader] = []


def register_before_load(step: Loader) -> None:
    """A step run before every loader: it clears sample records that refer to another app's demo
    records (which that app's loader replaces), so that reloading the demo deletes nothing in use."""
    _BEFORE_LOAD.append(step)


def before_load_steps() -> list[Loader]:
    return list(_BEFORE_LOAD)


_AFTER_LOAD: list[Loader] = []


def register_after_load(step: Loader) -> None:
    """A slower demo step (e.g. building an evidence report) run by ``manage.py demo`` only."""
    _AFTER_LOAD.append(step)


def after_load_steps() -> list[Loader]:
    return list(_AFTER_LOAD)


_SIGN_IN: list[Callable[[], list[str]]] = []


def register_sign_in(lines: Callable[[], list[str]]) -> None:
    """The lines ``manage.py demo`` prints to say who can sign in (registered by accounts)."""
    _SIGN_IN.append(lines)


def sign_in_lines() -> list[str]:
    return [line for lines in _SIGN_IN for line in lines()]
