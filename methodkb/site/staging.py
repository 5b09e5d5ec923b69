"""A folder written in full beside the one it replaces, and swapped in only when complete.

A build that fails half-way (or is stopped) must leave the last good site as it was: the new
site is written into a sibling folder on the same file system, and takes the old one's name by
two renames when, and only when, everything has been written.
"""

from __future__ import annotations

import os
import shutil
import tempfile


class StagedFolder:
    def __init__(self, final: str, copy_existing: bool = False):
        """``copy_existing``: start from a copy of the current folder (a --dirty build rewrites
        only the pages that changed; the copy keeps the others and their times)."""
        self.final = os.path.abspath(final)
        parent = os.path.dirname(self.final)
        os.makedirs(parent, exist_ok=True)
        self.path = tempfile.mkdtemp(prefix=f".{os.path.basename(self.final)}.building-", dir=parent)
        if copy_existing and os.path.isdir(self.final):
            shutil.copytree(self.final, self.path, symlinks=True, dirs_exist_ok=True)

    def commit(self) -> None:
        """The new folder takes the final name; the old one is removed after."""
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(self.final)}.old-", dir=os.path.dirname(self.final))
        try:
            if os.path.lexists(self.final):
                os.rename(self.final, os.path.join(old, "site"))
            os.rename(self.path, self.final)
        except OSError:
            self._refill()  # the folder cannot be renamed (a mount point, say): replace what it holds
        shutil.rmtree(old, ignore_errors=True)

    def _refill(self) -> None:
        for name in os.listdir(self.final):
            path = os.path.join(self.final, name)
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
        for name in os.listdir(self.path):
            os.rename(os.path.join(self.path, name), os.path.join(self.final, name))
        os.rmdir(self.path)

    def abandon(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
