"""The dependency rules of DESIGN.md: the evidence engine never imports Django or the web apps, the
web apps reach the engine only through its public API (``saferplaces.evidence.api``), and the web
apps are layered (core < accounts < audit < policy < business apps) with no cycles."""

import ast
import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

from saferplaces.evidence import api

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "saferplaces"
ENGINE = "saferplaces.evidence"


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout
    assert "The web apps are layered: core < accounts < audit < policy < business apps KEPT" in result.stdout


def test_evidence_package_does_not_load_django_when_imported():
    code = (
        "import sys, saferplaces.evidence.cli as c, saferplaces.evidence.api; c.build_parser();"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def import_statements(path: Path, root: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """Every import in ``path`` (a file under ``root``), wherever the statement is (inside functions
    too): its line, the module (relative imports resolved) and the names taken from it."""
    package = path.relative_to(root).parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base, tuple(alias.name for alias in node.names)))
    return sorted(found)


def imported_modules(path: Path, root: Path) -> set[str]:
    """The modules ``path`` imports; ``from a import b`` counts ``a`` and ``a.b`` (``b`` may be a module)."""
    found = set()
    for _, module, names in import_statements(path, root):
        found.add(module)
        found.update(f"{module}.{name}" for name in names)
    return found


def package_imports(package: Path) -> dict[str, set[str]]:
    """Each top-level package (or module) of ``package`` → the others it imports."""
    tops = {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    tops |= {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {top: set() for top in tops}
    for path in package.rglob("*.py"):
        own = path.relative_to(package).parts[0].removesuffix(".py")
        for module in imported_modules(path, package.parent):
            parts = module.split(".")
            if parts[0] == package.name and len(parts) > 1 and parts[1] in tops and parts[1] != own:
                graph[own].add(parts[1])
    return graph


def mutual_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted({tuple(sorted((a, b))) for a, others in graph.items() for b in others if a in graph[b]})


def test_no_two_packages_import_each_other():
    assert mutual_imports(package_imports(PACKAGE)) == []


def test_an_import_inside_a_function_makes_a_cycle(tmp_path):
    """Guard against a vacuous check: imports in function bodies, relative or not, count."""
    root = tmp_path / "pkg"
    for name, source in {
        "__init__.py": "",
        "low/__init__.py": "",
        "low/models.py": "def f():\n    from ..high import views\n",
        "high/__init__.py": "",
        "high/views.py": "from pkg.low import models\n",
        "alone.py": "import os\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source)
    graph = package_imports(root)
    assert graph == {"low": {"high"}, "high": {"low"}, "alone": set()}
    assert mutual_imports(graph) == [("high", "low")]


def _engine_imports(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every engine module ``path`` (a file under ``root``) imports, with its line."""
    found = []
    for line, module, names in import_statements(path, root):
        if module == ENGINE:  # from saferplaces.evidence import x: x is a module or a name of the package
            found += [(line, f"{ENGINE}.{name}") for name in names]
        elif module.startswith(f"{ENGINE}."):
            found.append((line, module))
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
    assert _engine_imports(source, tmp_path) == [
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
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue  # a constant (LINKAGE_PURPOSES) carries a #: comment; getdoc would give its type's docstring
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


def _unexplained_function_imports(path: Path) -> list[int]:
    """Lines of imports inside functions with no comment saying why: neither on the statement nor on
    the line above its run of imports."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines), filename=str(path))
    inside = sorted({(node.lineno, node.end_lineno or node.lineno)
                     for function in ast.walk(tree) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
                     for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))})
    unexplained, previous_end, run_start = [], -1, -1
    for start, end in inside:
        if start > previous_end + 1:  # not straight after the previous import: a new run begins
            run_start = start
        commented = any("#" in line for line in lines[start - 1:end])
        above = lines[run_start - 2].strip() if run_start >= 2 else ""
        if not (commented or above.startswith("#")):
            unexplained.append(start)
        previous_end = end
    return unexplained


def test_imports_inside_functions_say_why(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text("def f():\n    import json\n\n\ndef g():\n    # Spark is heavy\n    import pyspark\n"
                      "    import pyspark.sql\n\n\ndef h():\n    import os  # why: reason\n")
    assert _unexplained_function_imports(sample) == [2]
    offences = [f"{path.relative_to(ROOT)}:{line}" for path in sorted(PACKAGE.rglob("*.py"))
                if "migrations" not in path.parts for line in _unexplained_function_imports(path)]
    assert not offences, "say why these imports are inside functions (or move them up):\n" + "\n".join(offences)
