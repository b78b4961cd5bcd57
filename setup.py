"""Compiles the engine's translations while building, so a wheel always ships
the .mo files that match its .po sources (no gettext needed on the build
machine; the .mo files are not kept in git). Everything else is in
pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        import polib

        for po_path in Path("feedback/locale").glob("*/LC_MESSAGES/django.po"):
            target = Path(self.build_lib) / po_path.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(target))


setup(cmdclass={"build_py": BuildPyWithCatalogues})
