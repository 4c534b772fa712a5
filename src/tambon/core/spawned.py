"""A worker process of our own, with Django set up, that holds one object and calls it.

Spawned, not forked: a fork copies this process's open database connections and Polars'
thread pool, which the child must not use. The object travels pickled and is unpickled only
once Django is set up (unpickling imports the models it refers to), and the settings named
by the caller are copied over (tests may set them other than the environment does).
The process stops with the pool, and on its own when this process dies (killed, it could not
say so): a queue alone would leave it waiting forever.
"""

import os
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context, parent_process
from multiprocessing.connection import wait
from typing import Any

from django.conf import settings

_held: Any = None


def pool(held: object, *, settings_names: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """One worker process holding `held`; submit `call` with a method name to use it."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=get_context("spawn"),
        initializer=_start,
        initargs=({name: getattr(settings, name) for name in settings_names}, pickle.dumps(held)),
    )


def call(method: str) -> Any:
    """In the worker: the result of the held object's `method()`."""
    return getattr(_held, method)()


def _start(overrides: dict[str, Any], held: bytes) -> None:
    global _held
    parent = parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    # The environment is this process's parent's, which named its settings module.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    import django

    django.setup()
    for name, value in overrides.items():
        setattr(settings, name, value)
    _held = pickle.loads(held)  # noqa: S301 (our own object, from our own parent process)


def _exit_with(parent_sentinel: int) -> None:
    wait([parent_sentinel])  # ready when the parent process has ended
    os._exit(1)
