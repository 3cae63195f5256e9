"""The documentation's examples, run against the gateway simulator, so that they cannot rot.

Every ``python`` code block in ``docs/*.md`` is preceded by a marker, an HTML comment that
Markdown renderers do not show, saying what this test does with it:

``<!-- example: run -->``
    Run as written. It needs no gateway, or starts its own simulator.
``<!-- example: gateway -->`` or ``<!-- example: gateway(profile="23.44") -->``
    Run with a simulator standing in for the reader's gateway, started with the
    :func:`~powerwall_async.testing.simulate` arguments given in parentheses. The placeholders
    the docs use for a real gateway are replaced in the code's syntax tree: the URL
    ``"https://192.168.91.1"`` and the host ``"192.168.91.1"`` (a call given that host also gets
    the simulator's port), the password ``"your customer password"`` and any fingerprint
    starting ``"9F:3A:"`` become the simulator's. A block marked ``gateway`` must use one.
``<!-- example: file NAME.py -->``
    Saved as ``NAME.py`` in the page's working directory, where the page's other examples
    import it (and compiled here, so a syntax error fails).
``<!-- example: pytest NAME.py -->``
    Saved as ``NAME.py`` next to the page's files and run by pytest in a subprocess, with the
    powerwall_async plugin as a downstream project has it; every test in it must pass.
``<!-- example: skip -->``
    Shown only: a fragment, or code that needs Home Assistant.

Runnable blocks execute as the body of a coroutine on the test's event loop (asyncio, then
trio), in a fresh module, in a temporary working directory. A top-level ``anyio.run(main)``,
``trio.run(main)`` or ``asyncio.run(main())`` becomes ``await main()`` there, so the docs can
show complete programs. An unmarked ``python`` block, a marker that precedes no ``python``
block or that cannot be parsed, and a runnable block that did not run all fail.

``README.md`` needs no markers (it is also the package's description): an unmarked ``python``
block runs as a ``gateway`` block, with ``pwa`` (which its later blocks take from the first)
and the two helpers it leaves to the reader, ``load_saved_token()`` and ``save_token()``,
defined.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import attrs
import pytest

import powerwall_async as pwa
from powerwall_async.testing import Simulator, simulate

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"

PLACEHOLDER_URL = "https://192.168.91.1"
PLACEHOLDER_HOST = "192.168.91.1"
PLACEHOLDER_PASSWORD = "your customer password"
PLACEHOLDER_PIN_PREFIX = "9F:3A:"

KINDS = ("run", "gateway", "file", "pytest", "skip")
RUNNABLE = ("run", "gateway")
EXAMPLE_TIMEOUT = 60.0

_MARKER = re.compile(r"^\s*<!--\s*example:\s*(?P<spec>.*?)\s*-->\s*$")
_ANY_MARKER = re.compile(r"^\s*<!--\s*example\b")
"""A marker is a line of its own; the words elsewhere (in inline code, say) are just text."""
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
_PYTHON = {"python", "py", "python3"}
_FILE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\.py")


class ExampleError(Exception):
    """A page's examples are not laid out as this test expects."""


@attrs.frozen
class Block:
    """One fenced code block of a page, with the marker before it (if any)."""

    page: Path
    line: int
    language: str
    code: str
    kind: str | None
    """The marker's kind, None for an unmarked block."""
    argument: str = ""
    """The file name of ``file`` and ``pytest``; the simulate() arguments of ``gateway``."""

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def is_python(self) -> bool:
        return self.language in _PYTHON


def _parse_marker(spec: str, where: str) -> tuple[str, str]:
    kind, _, rest = spec.partition(" ")
    if kind.startswith("gateway("):
        kind, rest = "gateway", spec[len("gateway") :]
    if kind not in KINDS:
        raise ExampleError(f"{where}: unknown example kind {kind!r} (one of {', '.join(KINDS)})")
    rest = rest.strip()
    if kind in ("file", "pytest") and not _FILE_NAME.fullmatch(rest):
        raise ExampleError(f"{where}: `{kind}` needs a module file name, not {rest!r}")
    if kind == "gateway" and rest and not (rest.startswith("(") and rest.endswith(")")):
        raise ExampleError(f"{where}: write gateway options as gateway(name=value, ...)")
    if kind in ("run", "skip") and rest:
        raise ExampleError(f"{where}: `{kind}` takes no argument")
    return kind, rest


def parse_page(page: Path) -> list[Block]:
    """Every fenced block of ``page`` with its marker; raises ExampleError on a stray marker."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    pending: tuple[str, str, int] | None = None  # kind, argument, line of the marker
    index = 0
    while index < len(lines):
        text = lines[index]
        fence = _FENCE.match(text)
        if fence is not None:
            start = index
            close = re.compile(rf"^ *{re.escape(fence['fence'])}[`~]*\s*$")
            index += 1
            body: list[str] = []
            while index < len(lines) and not close.match(lines[index]):
                body.append(lines[index].removeprefix(fence["indent"]))
                index += 1
            info = fence["info"].strip()
            language = info.split()[0].lstrip(".{").rstrip("}") if info else ""
            kind, argument = (pending[0], pending[1]) if pending else (None, "")
            if pending and language not in _PYTHON:
                where = f"{page.relative_to(ROOT)}:{pending[2]}"
                raise ExampleError(f"{where}: the example marker precedes a {language!r} block")
            blocks.append(Block(page, start + 1, language, "\n".join(body) + "\n", kind, argument))
            pending = None
            index += 1
            continue
        where = f"{page.relative_to(ROOT)}:{index + 1}"
        marker = _MARKER.match(text)
        if marker is not None:
            if pending:
                raise ExampleError(f"{where}: two example markers in a row")
            pending = (*_parse_marker(marker["spec"], where), index + 1)
        elif _ANY_MARKER.match(text):
            raise ExampleError(f"{where}: an example marker must be `<!-- example: KIND -->`")
        elif pending and text.strip():
            raise ExampleError(f"{where}: text between an example marker and its code block")
        index += 1
    if pending:
        raise ExampleError(f"{page.relative_to(ROOT)}:{pending[2]}: a marker without a block")
    return blocks


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def _all_blocks() -> list[Block]:
    found: list[Block] = []
    for page in pages():
        try:
            found += parse_page(page)
        except ExampleError:
            continue  # test_every_python_block_is_marked reports it
    return found + readme_blocks(parse_page(README))


def readme_blocks(blocks: list[Block]) -> list[Block]:
    """README.md's python blocks: an unmarked one is a ``gateway`` block."""
    return [
        attrs.evolve(block, kind=block.kind or "gateway") for block in blocks if block.is_python
    ]


BLOCKS = _all_blocks()
RUNNABLE_BLOCKS = [block for block in BLOCKS if block.kind in RUNNABLE]
PYTEST_BLOCKS = [block for block in BLOCKS if block.kind == "pytest"]
_ran: set[tuple[str, str]] = set()
"""(block id, backend) of every runnable block that ran to the end."""


# -- turning a block into code for the simulator ---------------------------------------------
class _Placeholders(ast.NodeTransformer):
    """Replaces the docs' stand-ins for a real gateway with a running simulator's values."""

    def __init__(self, simulator: Simulator | None) -> None:
        self.simulator = simulator
        self.replaced = 0

    def _value(self, text: str) -> str | None:
        sim = self.simulator
        if sim is None:
            return None
        if text == PLACEHOLDER_URL:
            return sim.url
        if text == PLACEHOLDER_HOST:
            return sim.host
        if text == PLACEHOLDER_PASSWORD:
            return sim.password
        if text.startswith(PLACEHOLDER_PIN_PREFIX):
            return sim.cert_sha256
        return None

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            value = self._value(node.value)
            if value is not None:
                self.replaced += 1
                return ast.copy_location(ast.Constant(value), node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        first = node.args[0] if node.args else None
        host_given = isinstance(first, ast.Constant) and first.value == PLACEHOLDER_HOST
        self.generic_visit(node)
        if host_given and self.simulator is not None:
            port = ast.Constant(self.simulator.port)
            node.keywords = [keyword for keyword in node.keywords if keyword.arg != "port"]
            if len(node.args) > 1:
                node.args[1] = port
            else:
                node.keywords.append(ast.keyword(arg="port", value=port))
        return node


def _runner_call(node: ast.stmt) -> ast.expr | None:
    """``await main()`` for ``anyio.run(main)``, ``trio.run(main)``, ``asyncio.run(main())``."""
    if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Call):
        return None
    call = node.value
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "run"
        and isinstance(func.value, ast.Name)
        and func.value.id in ("anyio", "trio", "asyncio")
    ):
        return None
    if call.keywords or not call.args:
        raise ExampleError(f"line {node.lineno}: write {func.value.id}.run() without options")
    if func.value.id == "asyncio":
        return ast.Await(call.args[0])
    return ast.Await(ast.Call(call.args[0], call.args[1:], []))


def prepare(block: Block, simulator: Simulator | None) -> tuple[types.CodeType, int]:
    """The block compiled for this event loop, and how many placeholders were replaced."""
    tree = ast.parse(block.code, filename=block.id)
    placeholders = _Placeholders(simulator)
    tree = placeholders.visit(tree)
    for position, statement in enumerate(tree.body):
        awaited = _runner_call(statement)
        if awaited is not None:
            tree.body[position] = ast.copy_location(ast.Expr(awaited), statement)
    ast.fix_missing_locations(tree)
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    return compile(tree, block.id, "exec", flags=flags), placeholders.replaced


def _readme_helpers(namespace: dict[str, Any], directory: Path) -> None:
    """What README.md's blocks take from elsewhere: ``pwa`` (imported by its first block) and
    the token helpers it leaves to the reader (here: a file)."""
    token_file = directory / "token.txt"

    def load_saved_token() -> str | None:
        return token_file.read_text() if token_file.exists() else None

    def save_token(token: str | None) -> None:
        token_file.write_text(token or "")

    namespace.update(pwa=pwa, load_saved_token=load_saved_token, save_token=save_token)


def _gateway_options(block: Block) -> dict[str, Any]:
    if not block.argument:
        return {}
    call = ast.parse(f"simulate{block.argument}", mode="eval").body
    assert isinstance(call, ast.Call), f"{block.id}: write gateway(name=value, ...)"
    assert not call.args, f"{block.id}: gateway() takes keyword arguments only"
    import powerwall_async.testing as testing

    scope = {name: getattr(testing, name) for name in testing.__all__}
    return {
        str(keyword.arg): eval(compile(ast.Expression(keyword.value), block.id, "eval"), scope)
        for keyword in call.keywords
    }


def _write_page_files(page: Path, directory: Path) -> list[str]:
    names = []
    for block in BLOCKS:
        if block.page == page and block.kind == "file":
            (directory / block.argument).write_text(block.code, encoding="utf-8")
            names.append(block.argument.removesuffix(".py"))
    return names


async def execute(block: Block, simulator: Simulator | None, directory: Path) -> None:
    """Run one block as a module's body, awaiting it when it awaits at the top level."""
    code, replaced = prepare(block, simulator)
    if block.kind == "gateway" and not replaced:
        raise ExampleError(f"{block.id}: marked `gateway` but uses no placeholder; mark it `run`")
    module = types.ModuleType(f"docs_example_{block.line}")
    module.__file__ = str(directory / f"{module.__name__}.py")
    if block.page == README:
        _readme_helpers(vars(module), directory)
    sys.modules[module.__name__] = module
    try:
        with anyio.fail_after(EXAMPLE_TIMEOUT):
            outcome = eval(code, vars(module))
            if inspect.iscoroutine(outcome):
                await outcome
    finally:
        del sys.modules[module.__name__]


@pytest.fixture
def page_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """A working directory holding the page's ``file`` blocks, importable, forgotten after."""
    block: Block = request.node.callspec.params["block"]
    modules = _write_page_files(block.page, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in modules:  # only if it is the page's own (``conftest`` may be another one)
        module = sys.modules.get(name)
        if module is not None and Path(getattr(module, "__file__", "") or "").parent == tmp_path:
            del sys.modules[name]


# -- the tests ---------------------------------------------------------------------------------
def _block_id(block: Block) -> str:
    return block.id


@pytest.mark.anyio
@pytest.mark.parametrize("block", RUNNABLE_BLOCKS, ids=_block_id)
async def test_example_runs(block: Block, page_directory: Path, anyio_backend: str) -> None:
    if block.kind == "gateway":
        async with simulate(**_gateway_options(block)) as simulator:
            await execute(block, simulator, page_directory)
    else:
        await execute(block, None, page_directory)
    _ran.add((block.id, anyio_backend))


@pytest.mark.parametrize("block", PYTEST_BLOCKS, ids=_block_id)
def test_example_tests_pass(block: Block, pytester: pytest.Pytester) -> None:
    """The page's tests, in a project of their own that has only the installed package."""
    _write_page_files(block.page, pytester.path)
    (pytester.path / block.argument).write_text(block.code, encoding="utf-8")
    # anyio's plugin runs them, as the page says (the dev environment also has pytest-asyncio).
    result = pytester.runpytest_subprocess(
        "-W", "error", "-p", "no:cacheprovider", "-p", "no:asyncio", "-v"
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) > 0, result.stdout.str()
    assert not {"failed", "errors", "error", "skipped", "xfailed"} & set(outcomes), outcomes
    for backend in ("asyncio", "trio"):  # the page's conftest.py asks for both
        assert f"[{backend}] PASSED" in result.stdout.str(), f"no test ran on {backend}"
    _ran.add((block.id, "pytest"))


@pytest.mark.parametrize("page", [*pages(), README], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_block_is_marked(page: Path) -> None:
    """Every ``python`` block says what to do with it; markers precede python blocks only."""
    blocks = parse_page(page)
    if page == README:
        blocks = readme_blocks(blocks)
        assert blocks, "README.md shows no python example"
    unmarked = [block.id for block in blocks if block.is_python and block.kind is None]
    assert not unmarked, f"python blocks without an example marker: {unmarked}"
    for block in blocks:
        if block.kind in ("file", "pytest", *RUNNABLE):
            compile(block.code, block.id, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


def test_pages_have_runnable_examples() -> None:
    """The parser finds the examples at all (a broken parser would pass everything above)."""
    kinds = {block.kind for block in BLOCKS}
    assert {"run", "gateway", "file", "pytest", "skip"} <= kinds
    assert any(block.page == README for block in RUNNABLE_BLOCKS)


def test_every_runnable_block_ran(request: pytest.FixtureRequest) -> None:
    """Last in this module: each runnable block ran on both event loops, each test block once.

    Skipped when only part of this module was selected (``-k``), where some could not run.
    """
    selected: Callable[[str], bool] = {item.nodeid for item in request.session.items}.__contains__
    module = request.node.nodeid.split("::")[0]
    expected = {
        f"{module}::test_example_runs[{backend}-{block.id}]"
        for block in RUNNABLE_BLOCKS
        for backend in ("asyncio", "trio")
    } | {f"{module}::test_example_tests_pass[{block.id}]" for block in PYTEST_BLOCKS}
    if not all(selected(nodeid) for nodeid in expected):
        pytest.skip("only some of the examples were selected")
    wanted = {(block.id, backend) for block in RUNNABLE_BLOCKS for backend in ("asyncio", "trio")}
    wanted |= {(block.id, "pytest") for block in PYTEST_BLOCKS}
    missing = sorted(wanted - _ran)
    assert not missing, f"examples that did not run to the end: {missing}"
