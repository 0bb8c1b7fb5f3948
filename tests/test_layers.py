"""The package layout follows the data path: imports point one way, Prefect and Dask stay in orchestration.

Reads every module's imports with ``ast`` (no import side effects) and checks:
* a stage imports only from itself and the stages before it (text < ingest < nlp < record <
  store < batch < desk < orchestration < cli);
* no module imports another module's private (``_name``) names;
* the module-level import graph of ``pipeline`` has no cycle;
* only ``pipeline.orchestration`` imports prefect, prefect_dask, dask or distributed;
* importing the pipeline's stages (a real subprocess) loads neither Prefect nor Dask.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "pipeline"
ORDER = ["settings", "text", "ingest", "nlp", "record", "store", "batch", "desk", "orchestration", "cli"]
ORCHESTRATION_ONLY = {"prefect", "prefect_dask", "dask", "distributed"}


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(path: Path, top_level_only: bool) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) of every import statement in the file."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    if top_level_only:  # imports under "if TYPE_CHECKING:" do not run
        nodes = [n for n in nodes if not (isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))]
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [a.name for a in node.names]))
    return out


def _stage(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return -1  # the package itself (__version__)
    return ORDER.index(parts[1])


def test_every_module_belongs_to_a_stage():
    for mod in _modules():
        if mod not in ("pipeline", "pipeline.__main__"):
            assert mod.split(".")[1] in ORDER, f"{mod}: not in a known stage; add it to ORDER in the right place"


def test_imports_point_one_way_along_the_data_path():
    bad = []
    for mod, path in _modules().items():
        if mod in ("pipeline", "pipeline.__main__"):
            continue
        for target, _ in _imports(path, top_level_only=False):
            if target.startswith("pipeline.") and _stage(target) > _stage(mod):
                bad.append(f"{mod} imports {target}")
    assert not bad, "\n".join(bad)


def test_no_module_imports_another_modules_private_names():
    bad = []
    for mod, path in _modules().items():
        for target, names in _imports(path, top_level_only=False):
            if target.startswith("pipeline") and target != mod:
                bad += [f"{mod}: {target}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
    assert not bad, "\n".join(bad)


def test_module_level_imports_have_no_cycle():
    mods = _modules()
    graph = {}
    for mod, path in mods.items():
        deps = set()
        for target, names in _imports(path, top_level_only=True):
            for cand in [target] + [f"{target}.{n}" for n in names]:
                if cand in mods and cand != mod:
                    deps.add(cand)
        graph[mod] = deps
    # a package's __init__ importing its own submodules is how packages re-export: not a cycle
    for mod in graph:
        graph[mod] = {d for d in graph[mod] if not d.startswith(mod + ".")}
    state: dict[str, int] = {}

    def visit(m, stack):
        state[m] = 1
        for d in graph[m]:
            if state.get(d) == 1:
                pytest.fail("import cycle: " + " -> ".join(stack[stack.index(d):] + [d]))
            if d not in state:
                visit(d, stack + [d])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [m])


def test_only_orchestration_imports_prefect_or_dask():
    bad = []
    for mod, path in _modules().items():
        if mod.startswith("pipeline.orchestration"):
            continue
        for target, _ in _imports(path, top_level_only=False):
            if target.split(".")[0] in ORCHESTRATION_ONLY:
                bad.append(f"{mod} imports {target}")
    assert not bad, "\n".join(bad)


def test_importing_the_stages_loads_no_prefect_dask_or_spacy():
    """What a batch needs (and what the flow's process imports to route batches) stays light:
    spaCy loads with the model, Prefect and Dask only in orchestration."""
    code = ("import sys; import pipeline.ingest, pipeline.nlp, pipeline.record, pipeline.store, pipeline.batch, "
            "pipeline.orchestration.worker; "
            "print(sorted(m for m in ('prefect', 'dask', 'distributed', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
