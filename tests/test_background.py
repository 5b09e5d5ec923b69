"""Work beside the build: its result, its error and its death all reach the build."""

import os

import pytest

from methodkb import background


def square(n):
    return n * n


def fail():
    raise ValueError("坏输入")


def die():
    os._exit(3)


@pytest.mark.parametrize("inline", [False, True])
def test_the_result_and_the_error_come_back(monkeypatch, inline):
    if inline:
        monkeypatch.setenv("KB_BACKGROUND", "0")
    assert background.Job(square, 12).result() == 144
    with pytest.raises(background.Failed, match="ValueError: 坏输入"):
        background.Job(fail).result()


def test_a_process_that_dies_is_reported_with_its_exit_code():
    with pytest.raises(background.Failed, match="退出码 3"):
        background.Job(die).result()



def ready():
    os.environ["KB_TEST_READY"] = "是"   # in the worker's own process


def readiness(n):
    return os.environ.get("KB_TEST_READY", "否") + str(n)


def give(worker, n):
    worker.give(readiness, n)


@pytest.mark.parametrize("inline", [False, True])
def test_a_worker_gets_ready_first_then_does_what_a_forked_child_gives_it(monkeypatch, inline):
    if inline:
        monkeypatch.setenv("KB_BACKGROUND", "0")
    monkeypatch.delenv("KB_TEST_READY", raising=False)
    worker = background.Worker(ready)
    feeder = background.Job(give, worker, 7)
    worker.handed_on()
    feeder.result()
    # Forked, the worker was made ready in its own process; on the spot, it is never readied.
    assert worker.result() == ("否7" if inline else "是7")


def test_a_worker_whose_giver_dies_without_giving_says_so():
    worker = background.Worker(ready)
    giver = background.Job(die)
    worker.handed_on()
    with pytest.raises(background.Failed, match="退出码 3"):
        giver.result()
    with pytest.raises(background.Failed, match="没有收到要做的工作"):
        worker.result()


def test_a_worker_that_cannot_get_ready_reports_why():
    worker = background.Worker(fail)
    worker.give(square, 3)
    with pytest.raises(background.Failed, match="ValueError: 坏输入"):
        worker.result()
