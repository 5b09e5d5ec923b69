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

