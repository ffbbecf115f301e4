"""Builds hoctap._core with CMake from the repository's sources (two folders up), and
ships the official criteria inside the package (hoctap/criteria).

With HOCTAP_CMAKE_BUILD_DIR naming an existing CMake build of the repository (as
scripts/install-python does after scripts/build), the extension is built in that tree:
the library's objects are already compiled there, so only the module itself compiles,
instead of a second full build of the library."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent.parent


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        out_dir = Path(self.get_ext_fullpath(ext.name)).parent.resolve()
        reuse = os.environ.get("HOCTAP_CMAKE_BUILD_DIR")
        jobs = str(os.cpu_count() or 2)
        if reuse and (Path(reuse) / "CMakeCache.txt").is_file():
            # The existing tree keeps its own settings; the module goes to a folder of its
            # own there and is copied into the package.
            build_dir = Path(reuse).resolve()
            module_dir = build_dir / "python"
            config = ["cmake", "-S", str(ROOT), "-B", str(build_dir), f"-DPython3_EXECUTABLE={sys.executable}",
                      "-DHOCTAP_BUILD_PYTHON=ON", f"-DHOCTAP_PYTHON_OUTPUT_DIR={module_dir}"]
            subprocess.run(config, check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "--parallel", jobs], check=True)
            out_dir.mkdir(parents=True, exist_ok=True)
            built = Path(self.get_ext_fullpath(ext.name)).name
            shutil.copy2(module_dir / built, out_dir / built)
            return
        build_dir = Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        config = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir), "-G", "Ninja",
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DHOCTAP_BUILD_PYTHON=ON", "-DHOCTAP_BUILD_TESTS=OFF", "-DHOCTAP_BUILD_CLI=OFF",
            "-DHOCTAP_BUILD_BENCH=OFF", "-DHOCTAP_BUILD_EXAMPLES=OFF", "-DHOCTAP_INSTALL=OFF",
            f"-DHOCTAP_PYTHON_OUTPUT_DIR={out_dir}",
        ]
        subprocess.run(config, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "--parallel", jobs], check=True)


class BuildPyWithCriteria(build_py):
    """Copies the official criteria (every *.yaml under criteria/, with the cases and
    targets.yaml) into the package, as `cmake --install` puts them in share/hoctap/criteria."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "hoctap" / "criteria"
        if target.exists():
            shutil.rmtree(target)
        for source in sorted((ROOT / "criteria").rglob("*.yaml")):
            dest = target / source.relative_to(ROOT / "criteria")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)


setup(ext_modules=[CMakeExtension("hoctap._core")], cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithCriteria})
