"""The house's rules, held: no import circle between modules, no layer importing one above it, the
PDF engines and OCR not importing each other, nothing outside the recognizer reaching into its
modules (it is used through `planparse.recognizer`), and the page's handlers functions of its modules
that reach the app's state from the request."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SOURCE = ROOT / "src" / "planparse"

# Layers from the bottom: a module may import its own layer and those below, never one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("planparse.errors", "planparse.budget", "planparse.paths", "planparse.progress"),
    ("planparse.language",),
    ("planparse.model",),
    ("planparse.vocabulary", "planparse.layout", "planparse.options", "planparse.own_formats", "planparse.followup",
     "planparse.profile"),
    ("planparse.readers", "planparse.recognizer", "planparse.writers", "planparse.config", "planparse.diff",
     "planparse.corrections"),
    ("planparse.reading", "planparse.check", "planparse.show"),
    ("planparse.isolation",),
    ("planparse.api", "planparse.batch"),
    ("planparse.cli", "planparse.web", "planparse.__main__", "planparse"),
)


def _module(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_only(tree: ast.Module) -> set[int]:
    """The ids of the import nodes under `if TYPE_CHECKING:`, which run for the type checker only."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            found.update(id(child) for statement in node.body for child in ast.walk(statement))
    return found


def _exported(package: str) -> set[str]:
    """The names a package's __init__ binds itself (a function named as one of its modules is the function)."""
    init = SOURCE.parent / package.replace(".", "/") / "__init__.py"
    if not init.exists():
        return set()
    names: set[str] = set()
    for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _imports() -> dict[str, set[str]]:
    """Each module's imports of planparse modules, at the top and inside functions alike (those for the
    type checker only aside)."""
    graph: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        module = _module(path)
        found: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = _type_only(tree)
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planparse"):
                found.add(node.module)
                bound = _exported(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name not in bound)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("planparse"))
        graph[module] = found
    modules = set(graph)
    return {module: {name for name in found if name in modules and name != module} for module, found in graph.items()}


def _layer(module: str) -> int:
    best = -1, -1  # (prefix length, layer)
    for index, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best[0]:
                best = len(name), index
    assert best[1] >= 0, f"{module} is in no layer of LAYERS"
    return best[1]


def test_no_module_imports_a_layer_above_its_own() -> None:
    graph = _imports()
    upward = [(module, name) for module, names in graph.items() for name in names
              if name != "planparse" and _layer(name) > _layer(module)]
    assert upward == []


def test_no_import_circle() -> None:
    graph = _imports()
    packages = {name for name in graph if (SOURCE.parent / name.replace(".", "/") / "__init__.py").exists()}
    edges = {module: {n for n in names if n not in packages} for module, names in graph.items()}
    circles = []
    for start in edges:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for following in edges.get(node, ()):
                if following == start:
                    circles.append(" → ".join([*path, start]))
                elif following not in seen:
                    seen.add(following)
                    stack.append((following, [*path, following]))
    assert circles == []


def test_pdf_engines_and_ocr_do_not_import_each_other() -> None:
    graph = _imports()
    crossing = [(module, name) for module, names in graph.items() for name in names
                if (module.startswith("planparse.readers.pdf") and name.startswith("planparse.readers.ocr"))
                or (module.startswith("planparse.readers.ocr") and name.startswith("planparse.readers.pdf"))
                or (module.startswith("planparse.readers.pages") and name.startswith(
                    ("planparse.readers.pdf", "planparse.readers.ocr")))]
    assert crossing == []


def test_nothing_outside_the_recognizer_reaches_into_its_modules() -> None:
    graph = _imports()
    reaching = [(module, name) for module, names in graph.items() for name in names
                if name.startswith("planparse.recognizer.") and not module.startswith("planparse.recognizer")]
    assert reaching == []


def test_every_module_the_page_preloads_for_its_readers_exists() -> None:
    """The page names the modules its reading children start with (multiprocessing takes names); a
    module renamed would be left out without a word, and every child would import it again."""
    import importlib.util

    from planparse.web.app import READING_MODULES

    assert [name for name in READING_MODULES if importlib.util.find_spec(name) is None] == []
    assert "planparse.reading" in READING_MODULES or "planparse.api" in READING_MODULES


def test_the_pages_handlers_are_module_level_and_reach_its_state_from_the_request() -> None:
    """Every route and error handler of the page is a function of a module (behind a wrapper at most),
    not a closure made in `create_app` over the store or the settings: what requests share is on
    `app.state`, reached from each request."""
    import inspect

    from starlette.routing import Route

    from planparse.web.app import Settings, create_app

    app = create_app(Settings())
    try:
        handlers = [route.endpoint for route in app.routes if isinstance(route, Route)]
        handlers += list(app.exception_handlers.values())
        assert len(handlers) > 20
        made_inside = [f"{handler.__module__}.{handler.__qualname__}" for handler in map(inspect.unwrap, handlers)
                       if "<locals>" in handler.__qualname__
                       or getattr(inspect.getmodule(handler), handler.__name__, None) is not handler]
        assert made_inside == []
        assert all(hasattr(app.state, name) for name in ("settings", "store", "progress", "templates", "reading",
                                                          "downloads"))
    finally:
        app.state.store.close()
