"""Work done beside the build, on the machine's other core.

MkDocs renders the pages on one core. What the hooks make from the loaded methods (related
methods, generated pages, the search index) is made in forked processes meanwhile, and
collected when it is needed (``Job``); the search index's process is started before the
methods are even loaded, to load jieba's dictionary in the meantime (``Worker``). Where a
process cannot be forked (Windows), or with KB_BACKGROUND=0, the work is done on the spot.
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
        if not _forking():
            self._value = _outcome(function, args)
            return
        # A forked child shares the loaded methods with this process: nothing is copied or pickled
        # on the way in, and only the result comes back.
        self._fork(_child, function, args)

    def _fork(self, target, *args) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=target, args=(send, *args), daemon=True)
        self._process.start()
        send.close()

    def result(self):
        if self._process is not None:
            try:
                self._value = self._receive.recv()
            except EOFError:
                self._process.join()  # its exit code is known once it is reaped
                self._value = (False, f"后台进程意外退出（退出码 {self._process.exitcode}）")
            finally:
                self._receive.close()
                self._process.join()
                self._process = None
        if self._value is None:
            raise Failed("后台进程没有收到要做的工作")
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


class Worker(Job):
    """A process started now, which gets ready (``prepare()``: say, loading a dictionary) while
    this one goes on, then does the one piece of work handed to it later with ``give``: by this
    process, or by a child forked from it where the work's data is made. ``result()`` waits."""

    def __init__(self, prepare: Callable[[], Any]):
        self._value = self._process = self._tasks = None
        if not _forking():
            return  # the work is done on the spot when given
        tasks, self._tasks = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._fork(_worker, prepare, tasks, self._tasks)
        tasks.close()

    def give(self, function: Callable[..., Any], *args) -> None:
        """The work: ``function`` and ``args`` are pickled on the way (a module-level function)."""
        if self._tasks is None:
            self._value = _outcome(function, args)
        else:
            self._tasks.send((function, args))

    def handed_on(self) -> None:
        """This process will not give the work, a child forked from it will: let go of this
        end, so that the worker hears of it when that child ends without giving it."""
        if self._tasks is not None:
            self._tasks.close()


def _forking() -> bool:
    return os.environ.get("KB_BACKGROUND") != "0" and "fork" in multiprocessing.get_all_start_methods()


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


def _worker(send, prepare, tasks, giving_end) -> None:
    giving_end.close()  # inherited from the fork: the worker never gives itself work
    gc.freeze()
    ready = _outcome(prepare, ())
    try:
        function, args = tasks.recv()
    except EOFError:
        outcome = (False, "后台进程没有收到要做的工作（交给它工作的进程已先退出）")
    else:
        outcome = _outcome(function, args) if ready[0] else ready
    send.send(outcome)
    send.close()
