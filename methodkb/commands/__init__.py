"""The editors' commands, one module each, every one with ``main(argv=None) -> int``.

Each runs two ways with the same messages and exit codes: ``python scripts/<name>.py`` from the
repository (scripts/ holds thin wrappers) and as a console command installed with the package
(``kb-check`` …, listed in [project.scripts] of pyproject.toml; ``console`` is its entry point)."""
