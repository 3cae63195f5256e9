"""The one task runner: `nox` (tests, lint, typecheck, docs) is what CI runs."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "pyright", "docs"]


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, every async test on asyncio and trio."""
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


# The test modules that need the base install only (no extra): the library's own behaviour,
# through the fixture transport, canned transports and purpose-built servers. A module that
# needs no extra belongs here.
BARE_TESTS = [
    "tests/test_certs.py",
    "tests/test_coverage_endpoints.py",
    "tests/test_endpoints_fixtures.py",
    "tests/test_errors.py",
    "tests/test_extras.py",
    "tests/test_fixture_transport.py",
    "tests/test_models_hypothesis.py",
    "tests/test_models_values.py",
    "tests/test_registry.py",
    "tests/test_sharing.py",
    "tests/test_tls_failures.py",
    "tests/test_types.py",
    "tests/test_vitals.py",
    "tests/test_vitals_errors.py",
]


@nox.session
def bare(session: nox.Session) -> None:
    """The library on an install without any extra (only httpx, attrs, cattrs, anyio and
    betterproto2), with the tests that need nothing more; the test tools come on top."""
    session.install("-e", ".", "pytest>=8.3", "trio>=0.27", "hypothesis>=6.100")
    session.run("pytest", *(session.posargs or BARE_TESTS))


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.8")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package, the tests and this file."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def pyright(session: nox.Session) -> None:
    """pyright (strict) over the typing tests, tests/typing/: the public API's types as users
    of pyright (and so of VS Code's Pylance) see them. Configured in pyproject.toml."""
    session.install("-e", ".[simulator]", "pyright[nodejs]>=1.1.400")
    session.run("pyright")


@nox.session
def protos(session: nox.Session) -> None:
    """Regenerate powerwall_async/_proto/ from protos/*.proto (betterproto2 via grpcio-tools).

    tests/test_vitals_codegen.py runs the same command and fails when the committed code differs.
    The plugin formats its output with the ruff found on PATH, run from the repository root.
    """
    import shutil
    import tempfile
    from pathlib import Path

    session.install("-e", ".[dev]")
    root = Path(__file__).parent
    target = root / "powerwall_async" / "_proto"
    sources = sorted(str(path.relative_to(root)) for path in (root / "protos").glob("*.proto"))
    with tempfile.TemporaryDirectory() as out:
        # grpc_tools.protoc adds its bundled google/protobuf/*.proto to the include path itself.
        session.run(
            "python",
            "-m",
            "grpc_tools.protoc",
            "-Iprotos",
            f"--python_betterproto2_out={out}",
            *sources,
        )
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target)


@nox.session
def bench(session: nox.Session) -> None:
    """The benchmark suite against the simulator (a few minutes); writes docs/performance.md.

    ``nox -s bench -- --quick`` is a smoke test of the harness that writes nothing.
    """
    session.install("-e", ".[bench,dev]")
    session.run("python", "-m", "benchmarks", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site, built into site/ with ``mkdocs build --strict``: any warning, a
    broken link or anchor, or a page missing from the nav fails it. Open site/index.html, or
    ``nox -s docs -- serve`` to serve it on http://127.0.0.1:8000 and rebuild on every edit.

    The pages generated from the endpoint declarations (docs/endpoints.md,
    docs/reference/groups.md) are checked against the code first. The pages'
    examples are run by the test suite (tests/test_docs_examples.py), not here.
    """
    session.install("-e", ".[docs]")
    session.run("python", "scripts/endpoint_docs.py", "--check")
    # NO_MKDOCS_2_WARNING silences mkdocs-material's banner about its successor (not a warning
    # of this build; strict mode does not see it).
    env = {"NO_MKDOCS_2_WARNING": "1"}
    if session.posargs[:1] == ["serve"]:  # nox -s docs -- serve: browse it while editing
        session.run("mkdocs", "serve", "--strict", *session.posargs[1:], env=env)
    else:
        session.run("mkdocs", "build", "--strict", "--site-dir", "site", env=env)
