"""The dependency rules of DESIGN.md: the evidence engine never imports Django or the web apps, and
the web apps reach the engine through its one public API, ``saferplaces.evidence.api``."""

import ast
import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

from saferplaces.evidence import api

ROOT = Path(__file__).resolve().parent.parent
ENGINE = "saferplaces.evidence"


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_evidence_package_does_not_load_django_when_imported():
    code = (
        "import sys, saferplaces.evidence.cli as c, saferplaces.evidence.api; c.build_parser();"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_api_does_not_load_splink_or_spark():
    """The web app imports the API at start-up; person linkage's libraries load only when used."""
    code = (
        "import sys, saferplaces.evidence.api;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('splink', 'pyspark')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _engine_imports(path: Path) -> list[tuple[int, str]]:
    """Every engine module ``path`` imports, at any depth (inside functions too), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith(ENGINE)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == ENGINE:  # from saferplaces.evidence import x: x is a module or a name of the package
                found += [(node.lineno, f"{ENGINE}.{alias.name}") for alias in node.names]
            elif node.module.startswith(f"{ENGINE}."):
                found.append((node.lineno, node.module))
    return found


def test_engine_import_finder_sees_every_form_of_import(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(
        "import saferplaces.evidence.geography\n"
        "from saferplaces.evidence import api, cli\n"
        "def f():\n"
        "    from saferplaces.evidence.report.svg import line_chart\n"
        "    from saferplaces.evidence.api import to_bng\n"
    )
    assert _engine_imports(source) == [
        (1, "saferplaces.evidence.geography"), (2, "saferplaces.evidence.api"), (2, "saferplaces.evidence.cli"),
        (4, "saferplaces.evidence.report.svg"), (5, "saferplaces.evidence.api"),
    ]


def test_web_apps_import_only_the_engines_api():
    offences = []
    for path in sorted((ROOT / "saferplaces").rglob("*.py")):
        if (ROOT / "saferplaces" / "evidence") in path.parents:
            continue
        offences += [f"{path.relative_to(ROOT)}:{line} imports {module}"
                     for line, module in _engine_imports(path) if module != f"{ENGINE}.api"]
    assert not offences, "use saferplaces.evidence.api:\n" + "\n".join(offences)


def test_every_public_name_of_the_api_exists_and_is_documented():
    assert len(api.__all__) == len(set(api.__all__))
    for name in api.__all__:
        assert hasattr(api, name), f"api.__all__ names {name}, which does not exist"
        value = getattr(api, name)
        doc = inspect.getdoc(value) or ""
        # A dataclass without a docstring gets its signature as one: that is not documentation.
        assert doc and not doc.startswith(f"{value.__name__}("), f"api.{name} has no docstring"
        if inspect.isfunction(value):
            assert "Returns\n-------" in doc, f"api.{name}: numpydoc Returns section missing"
        if dataclasses.is_dataclass(value):
            assert value.__dataclass_params__.frozen, f"api.{name} is not a frozen dataclass"


def test_the_apis_errors_are_evidence_errors():
    errors = [getattr(api, n) for n in api.__all__
              if inspect.isclass(getattr(api, n)) and issubclass(getattr(api, n), BaseException)]
    assert {e.__name__ for e in errors} >= {"EvidenceError", "InputError", "ParameterError"}
    assert all(issubclass(error, api.EvidenceError) for error in errors)
