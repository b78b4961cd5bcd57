"""A registry of plugin classes filled lazily through a Wagtail hook.

Question types and exporters are both kept this way, like Wagtail's rich-text
feature registry: a function registered for the hook receives the registry
and calls :meth:`HookRegistry.register`; the registry scans the hook on first
use, so apps loaded later are seen and tests can reset it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

T = TypeVar("T", bound=type)


class HookRegistry(Generic[T]):
    #: What every registered class must subclass.
    base_class: ClassVar[type]
    #: How the kind of plugin is named in error messages.
    kind: ClassVar[str] = "plugin"
    unknown_error: ClassVar[type[LookupError]] = LookupError
    invalid_error: ClassVar[type[ImproperlyConfigured]] = ImproperlyConfigured
    name_max_length: ClassVar[int] = 50

    def __init__(self, hook_name: str) -> None:
        self.hook_name = hook_name
        self._items: dict[str, T] = {}
        self._scanned = False
        self._scanning = False
        # The first lookup scans the hooks; threads arriving meanwhile (ten
        # export requests right after a restart) wait instead of seeing a half
        # filled registry.
        self._lock = threading.RLock()
        self._name_re = re.compile(rf"^[a-z][a-z0-9_]{{0,{self.name_max_length - 1}}}$")

    def validate(self, item: T) -> None:
        """Extra checks of a subclass; raise ``invalid_error``."""

    def register(self, item: T, *, override: bool = False) -> T:
        """Add a class. Usable as a decorator. Duplicate names need ``override=True``."""
        base = self.base_class
        if not (isinstance(item, type) and issubclass(item, base)):
            raise self.invalid_error(f"{item!r} is not a subclass of {base.__module__}.{base.__qualname__}.")
        name = getattr(item, "name", None)
        if not isinstance(name, str) or not self._name_re.match(name):
            raise self.invalid_error(
                f"{item.__qualname__}.name must be a lowercase identifier (letters, digits, underscores, "
                f"at most {self.name_max_length} characters); got {name!r}."
            )
        if not getattr(item, "verbose_name", None):
            raise self.invalid_error(f"{item.__qualname__} needs a verbose_name.")
        self.validate(item)
        existing = self._items.get(name)
        if existing is not None and existing is not item and not override:
            raise self.invalid_error(
                f"A {self.kind} named {name!r} is already registered ({existing.__module__}."
                f"{existing.__qualname__}); pass override=True to replace it."
            )
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        self._scan()
        self._items.pop(name, None)

    def _scan(self) -> None:
        if self._scanned:
            return
        with self._lock:
            # `_scanning`: a hook of this thread looking something up must not recurse.
            if self._scanned or self._scanning:
                return
            self._scanning = True
            try:
                for fn in hooks.get_hooks(self.hook_name):
                    fn(self)
            finally:
                self._scanning = False
            self._scanned = True

    def get(self, name: str) -> T:
        """The class registered under ``name``; raises ``unknown_error``."""
        self._scan()
        try:
            return self._items[name]
        except KeyError:
            raise self.unknown_error(f"No feedback {self.kind} named {name!r} is registered.") from None

    def is_registered(self, name: str) -> bool:
        self._scan()
        return name in self._items

    def available(self, name: str) -> bool:
        """Whether ``name`` is offered (all registered ones unless a subclass narrows it)."""
        return True

    def __iter__(self) -> Iterator[T]:
        """Registered and available classes, in registration order."""
        self._scan()
        return iter([item for name, item in self._items.items() if self.available(name)])

    def choices(self) -> list[tuple[str, str]]:
        items: list[Any] = list(self)
        return [(item.name, str(item.verbose_name)) for item in items]

    def reset(self) -> None:
        """Forget everything and scan the hooks again on next use (for tests)."""
        with self._lock:
            self._items.clear()
            self._scanned = False
