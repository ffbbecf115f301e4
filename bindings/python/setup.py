"""Builds hoctap._core with CMake from the repository's sources (two folders up)."""
import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent.parent.parent


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        out_dir = Path(self.get_ext_fullpath(ext.name)).parent.resolve()
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
        jobs = str(os.cpu_count() or 2)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "--parallel", jobs], check=True)


setup(ext_modules=[CMakeExtension("hoctap._core")], cmdclass={"build_ext": CMakeBuild})
