from django.apps import AppConfig


class ContestConfig(AppConfig):
    name = "saferplaces.contest"
    label = "contest"
    verbose_name = "Contest (counter-terrorism)"

    def ready(self):
        # Imported here, not at module level: the demo imports models, which Django's app registry
        # allows only once every app is loaded.
        from saferplaces.contest import demo, measures
        from saferplaces.core import demo as registry

        measures.register_all()
        registry.register_before_load(demo.clear)
        registry.register(self.label, demo.load)
        # Prepare: its measures for the plan's KPIs, its section of the board pack, its demo records.
        from saferplaces.contest import demo_prepare, measures_prepare, selectors_prepare  # noqa: F401
        from saferplaces.plans import board_sections

        board_sections.register("contest/prepare/board_plans.html", selectors_prepare.board_section)
        registry.register_before_load(demo_prepare.clear)
        registry.register("contest_prepare", demo_prepare.load)
        # The reporting records and measures (threat assessments, deployment returns, Prevent).
        from saferplaces.contest import demo_reporting, measures_reporting  # noqa: F401

        registry.register_before_load(demo_reporting.clear)
        registry.register(f"{self.label}.reporting", demo_reporting.load)  # after the contest demo: its users
