"""Shared fixtures.  The package under test is, in order of preference: the build tree named by
LIANGYAN_BUILD_DIR, the repository's ./build, or an installed liangyan."""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BUILD = Path(os.environ.get("LIANGYAN_BUILD_DIR", REPO / "build")).resolve()
PACKAGE_DIR = BUILD / "bindings" / "python"
DATA = Path(__file__).resolve().parent / "data"
MINI_PACK = DATA / "mini_pack.yaml"

if (PACKAGE_DIR / "liangyan").is_dir():
    sys.path.insert(0, str(PACKAGE_DIR))

import liangyan  # noqa: E402  (after the path is set)


def package_env():
    """Environment for a child Python that must import the same package."""
    env = dict(os.environ)
    parent = str(Path(liangyan.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (parent, env.get("PYTHONPATH")) if p
    )
    return env


@pytest.fixture(scope="session")
def engine():
    return liangyan.Engine()


@pytest.fixture(scope="session")
def mini():
    return liangyan.Engine([MINI_PACK], use_default_pack=False)


@pytest.fixture(scope="session")
def cli():
    path = BUILD / "liangyan"
    if not os.access(path, os.X_OK):
        pytest.skip(f"no CLI at {path} (build the liangyan_cli target)")
    return path
