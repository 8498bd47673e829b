"""doit actions that import their stage only when they run, so that loading dodo.py stays instant.

dodo.py is read by every `doit` call, a no-op one included. Importing ``pipeline.tasks`` there
would load pandoc's bindings, mistune, ftfy and jsonschema (about a tenth of a second, more than
doit itself) for nothing when every task is up to date.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

#: The module whose functions are doit's actions.
TASKS = "pipeline.tasks"


class Action:
    """A callable standing for ``pipeline.tasks.<name>`` (or another module's), imported on the first call.

    doit inspects an action's signature to pass task parameters (``doit release --version``) and
    meta arguments by name; ``__wrapped__`` lets ``inspect.signature`` see the real function's.
    """

    def __init__(self, name: str, module: str = TASKS) -> None:
        self.name = name
        self.module = module
        self.__name__ = name  # doit names the action by it in its messages

    @property
    def __wrapped__(self) -> Callable[..., Any]:
        function: Callable[..., Any] = getattr(importlib.import_module(self.module), self.name)
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Action({self.name!r})"
