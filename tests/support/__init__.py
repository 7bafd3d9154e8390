"""Test harness for Glazen Stad: a real PostgreSQL server, headless Chromium and axe-core.

Register the fixtures in ``tests/conftest.py`` with::

    pytest_plugins = ["tests.support.postgres", "tests.support.browser"]

Environment variables:

``GLAZENSTAD_REQUIRE_POSTGRES=1`` / ``GLAZENSTAD_REQUIRE_BROWSER=1``
    Fail (instead of skip) when PostgreSQL / Chromium / axe-core are not available.
    ``.ci/run`` sets both, so CI never silently skips these tests.
``GLAZENSTAD_TEST_POSTGRES_URL``
    Use this (external) PostgreSQL server instead of starting one.
``GLAZENSTAD_PG_BINDIR``
    Directory holding ``initdb`` and ``pg_ctl`` (default: newest ``/usr/lib/postgresql/*/bin``).
``GLAZENSTAD_CHROMIUM``
    Chromium executable (default: Debian's ``/usr/lib/chromium/chromium`` or ``/usr/bin/chromium``).
``GLAZENSTAD_AXE_JS``
    Path to ``axe.min.js`` (default: ``.cache/axe/node_modules/axe-core/axe.min.js``,
    installed by ``make axe`` / ``make test``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

_TRUE = {"1", "true", "yes", "on"}


def env_flag(name: str) -> bool:
    """True when the environment variable ``name`` is set to 1/true/yes/on."""
    return os.environ.get(name, "").strip().lower() in _TRUE


def skip_or_fail(reason: str, require_env: str) -> NoReturn:
    """Skip the test with ``reason``, or fail it when ``require_env`` is set (as in CI)."""
    if env_flag(require_env):
        pytest.fail(f"{reason} ({require_env}=1, so this is an error, not a skip)", pytrace=False)
    pytest.skip(reason)
