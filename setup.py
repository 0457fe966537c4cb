"""The example portfolio into the wheel: the repository's root is the example (``mkdocs serve``
works there), and ``mentornet new --demo`` needs it once installed. Building the package copies
it into ``mentornet/example/``; a checkout (an editable install) reads it at the root, so Git
holds one copy and no symbolic link. Everything else is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: The example's files, as patterns under the root (MANIFEST.in puts the same in an sdist).
EXAMPLE = ("mkdocs.yml", "data/*", "content/**/*", "public/.gitkeep")


class BuildWithExample(build_py):
    """build_py, then the example portfolio copied into ``mentornet/example/`` of the build."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads the example at the checkout's root
            for source in self._example():
                target = self._target(source)
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return outputs + [str(self._target(source)) for source in self._example()]

    def _example(self) -> list[Path]:
        return sorted(path for pattern in EXAMPLE for path in ROOT.glob(pattern) if path.is_file())

    def _target(self, source: Path) -> Path:
        return Path(self.build_lib, "mentornet", "example", source.relative_to(ROOT))


setup(cmdclass={"build_py": BuildWithExample})
