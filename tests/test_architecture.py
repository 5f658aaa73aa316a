"""The dependency rules of DESIGN.md: the evidence engine never imports Django or the web apps, and
the web apps are layered (core < accounts < audit < policy < business apps) with no cycles."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "saferplaces"


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout
    assert "The web apps are layered: core < accounts < audit < policy < business apps KEPT" in result.stdout


def test_evidence_package_does_not_load_django_when_imported():
    code = (
        "import sys, saferplaces.evidence.cli as c; c.build_parser();"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"



def imported_modules(path: Path, root: Path) -> set[str]:
    """Every module ``path`` (a file under ``root``) imports, wherever the statement is: inside
    functions too, and relative imports resolved."""
    package = path.relative_to(root).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
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
