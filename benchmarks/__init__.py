"""The benchmark suite (issue 8): ``nox -s bench``, or ``python -m benchmarks``.

Every client is measured against the project's gateway simulator in one run, so each figure
is a ratio taken on the same machine at the same time; the run prints a table and writes
docs/performance.md. ``python -m benchmarks.profile_call`` shows where a call's time goes.
"""
