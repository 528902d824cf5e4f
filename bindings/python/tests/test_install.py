"""`pip install --no-build-isolation bindings/python` works offline and the installed copy
runs on its own.  A full build of the library: opt in with LIANGYAN_TEST_INSTALL=1."""

import os
import subprocess
import sys

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(
    os.environ.get("LIANGYAN_TEST_INSTALL") != "1",
    reason="set LIANGYAN_TEST_INSTALL=1 to build and install the package with pip",
)


def test_pip_install_target(tmp_path):
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-deps",
         "--target", str(target), str(REPO / "bindings" / "python")],
        check=True, env=env, timeout=1800,
    )
    libs = sorted(p.name for p in (target / "liangyan").iterdir() if ".so" in p.name)
    assert any(n.startswith("_liangyan") for n in libs) and "libliangyan.so.0" in libs
    probe = (
        "import liangyan, sys; r = liangyan.Engine().check('对不起，您不能退货。'); "
        "print(liangyan.__file__); print(r.score, r.rules)"
    )
    # A bare environment: nothing on PYTHONPATH but the install, no LD_LIBRARY_PATH.
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(target)}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, cwd=tmp_path, check=True, timeout=120)
    assert done.stdout.startswith(str(target))
