"""Builds the liangyan package with the repository's own CMake build, offline.

The native module needs the C library (libliangyan.so) built from the same tree, so this
setup.py configures the top-level CMakeLists.txt with LIANGYAN_BUILD_PYTHON=ON for the
interpreter running it, builds the module, and ships libliangyan.so.N beside the module
(the module's RPATH is $ORIGIN).  Metadata lives in pyproject.toml.

Environment:
  LIANGYAN_CMAKE_ARGS   extra arguments for the CMake configure step
  LIANGYAN_BUILD_JOBS   parallel build jobs (default: the CPUs available)
"""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


class CMakeExtension(Extension):
    """An extension CMake builds; setuptools only places the result."""

    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").is_file():
            raise RuntimeError(
                f"{ROOT} is not the liangyan repository: the package builds the C "
                "library from the tree it sits in (bindings/python)"
            )
        build_dir = Path(self.build_temp).resolve() / "cmake"
        jobs = os.environ.get("LIANGYAN_BUILD_JOBS") or str(len(os.sched_getaffinity(0)))
        configure = [
            "cmake",
            "-S", str(ROOT),
            "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DLIANGYAN_BUILD_PYTHON=ON",
            "-DLIANGYAN_BUILD_TESTS=OFF",
            "-DLIANGYAN_PYTHON_RPATH_ORIGIN=ON",
            # The interpreter running pip is the one the package is installed for.
            f"-DPython_EXECUTABLE={sys.executable}",
        ] + shlex.split(os.environ.get("LIANGYAN_CMAKE_ARGS", ""))
        print("liangyan: building for", sys.executable, flush=True)
        subprocess.run(configure, check=True)
        subprocess.run(
            ["cmake", "--build", str(build_dir), "--target", "_liangyan", "-j", jobs],
            check=True,
        )

        built = build_dir / "bindings" / "python" / "liangyan"
        modules = sorted(built.glob("_liangyan*.so"))
        if not modules:
            raise RuntimeError(f"CMake built no _liangyan module in {built}")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(modules[0], target)

        # The module asks for the library by its SONAME (libliangyan.so.<ABI>): ship the
        # real file under that name.
        sonames = [
            p for p in build_dir.glob("libliangyan.so.*") if p.name.count(".") == 2
        ]
        if len(sonames) != 1:
            raise RuntimeError(f"expected one libliangyan.so.N in {build_dir}")
        shutil.copyfile(sonames[0].resolve(), target.parent / sonames[0].name)


setup(
    ext_modules=[CMakeExtension("liangyan._liangyan")],
    cmdclass={"build_ext": CMakeBuild},
)
