"""The engine's layout keeps the rules docs/architecture.md states: small
modules, no import circle, the visitor's flow apart from the admin, and no
import of the demo site."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "feedback"
MAX_LINES = 400


def engine_modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(ENGINE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_names(module: str, path: Path, *, module_level_only: bool) -> Iterator[str]:
    """Dotted names a module imports; ``module_level_only`` leaves out imports
    inside functions and ``if TYPE_CHECKING:`` blocks (they run later or never)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(nodes: list[ast.stmt]) -> Iterator[ast.stmt]:
        for node in nodes:
            if module_level_only and (_is_type_checking(node) or isinstance(node, ast.FunctionDef | ast.ClassDef)):
                if isinstance(node, ast.ClassDef):
                    yield from visit(node.body)  # class bodies run at import
                continue
            yield node
            if not module_level_only:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        yield from visit([child])
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for block in (getattr(node, "body", []), getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                    yield from visit(block)
                for handler in getattr(node, "handlers", []):
                    yield from visit(handler.body)

    for node in visit(tree.body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            yield source
            yield from (f"{source}.{alias.name}" for alias in node.names)


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def module_graph() -> dict[str, set[str]]:
    modules = engine_modules()
    graph = {}
    for module, path in modules.items():
        targets = {_resolve(name, modules) for name in imported_names(module, path, module_level_only=True)}
        # Importing a submodule imports its packages first.
        for target in list(targets):
            while target and "." in target:
                target = target.rpartition(".")[0]
                targets.add(target if target in modules else None)
        graph[module] = {t for t in targets if t and t != module and not module.startswith(t + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_engine_module_is_over_400_lines():
    long = {m: n for m, p in engine_modules().items() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_no_import_circle_at_module_level():
    assert find_cycle(module_graph()) is None


def test_the_cycle_finder_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_engine_never_imports_the_demo_site():
    imports = {
        module: name
        for module, path in engine_modules().items()
        for name in imported_names(module, path, module_level_only=False)
        if name == "home" or name.startswith(("home.", "feedbacksite", "tests"))
    }
    assert imports == {}


def test_the_visitors_flow_does_not_import_the_admin():
    imports = {
        (module, name)
        for module, path in engine_modules().items()
        if module.startswith("feedback.public")
        for name in imported_names(module, path, module_level_only=False)
        if name.startswith("feedback.admin")
    }
    assert imports == set()
