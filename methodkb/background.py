"""Work done beside the build, on the machine's other core.

The search index needs only the methods, which are loaded before MkDocs renders a page, and
MkDocs renders on one core. So the index is built in a forked process while the pages are
rendered, and collected when they are written. Where a process cannot be forked (Windows),
or with KB_BACKGROUND=0, the work is done on the spot.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any


class Failed(Exception):
    """The work raised, or its process died; the message says which."""


class Job:
    """``function(*args)`` started now; ``result()`` waits for it."""

    def __init__(self, function: Callable[..., Any], *args):
        self._value = self._process = None
        if os.environ.get("KB_BACKGROUND") == "0" or "fork" not in multiprocessing.get_all_start_methods():
            self._value = _outcome(function, args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # A forked child shares the loaded methods with this process: nothing is copied or pickled
        # on the way in, and only the result comes back.
        self._process = context.Process(target=_child, args=(send, function, args), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        if self._process is not None:
            try:
                self._value = self._receive.recv()
            except EOFError:
                self._value = (False, f"后台进程意外退出（退出码 {self._process.exitcode}）")
            finally:
                self._receive.close()
                self._process.join()
                self._process = None
        ok, value = self._value
        if not ok:
            raise Failed(value)
        return value

    def cancel(self) -> None:
        """Stop the work (the build failed, or a new one started)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receive.close()
            self._process = None


def _outcome(function, args) -> tuple[bool, Any]:
    try:
        return True, function(*args)
    except Exception:  # reported by result() in the build's own process, with the traceback
        return False, traceback.format_exc()


def _child(send, function, args) -> None:
    # Everything inherited from the build stays alive until this process ends: keep the garbage
    # collector off it, which spares its walks over the whole build (1–2 s at 5,000 methods)
    # and the copy of every memory page those walks would touch.
    gc.freeze()
    send.send(_outcome(function, args))
    send.close()
