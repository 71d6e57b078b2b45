"""The action registry made into Textual: bindings for each scope, the keys each action has
once the user's keymap applies, and hints written with those keys."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from textual.actions import parse
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen
from textual.widget import Widget

from ..actions import BY_ID, CONDITIONS, Action, in_scope, resolve

# How prose names a key where Textual's footer would draw a symbol.
PROSE_NAMES = {"enter": "Enter"}
UNBOUND = "(no key)"


def bindings(scope: str) -> list[BindingType]:
    """The BINDINGS of a screen, modal or widget: its actions in the registry."""
    return [
        Binding(
            action.keys,
            action.run,
            action.description,
            show=action.show,
            priority=action.priority,
            tooltip=action.help,
            id=action.id,
        )
        for action in in_scope(scope)
    ]


def normalise(keys: str) -> tuple[str, ...]:
    """Comma-separated keys as Textual names them ("?" is "question_mark")."""
    return tuple(binding.key for binding in Binding.make_bindings([Binding(keys, "")]))


def prose(key: str) -> str:
    """A key as a hint names it: "c", "ctrl+s", "esc", "?", "shift+→"."""
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, PROSE_NAMES.get(name) or format_key(name)])


class KeyNames:
    """The keys of every action after the keymap (binding id -> keys) the app was given."""

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        self.keys = resolve({action_id: normalise(k) for action_id, k in (keymap or {}).items()})

    def key(self, action_id: str) -> str:
        """The first key of an action, as prose names it."""
        keys = self.keys[action_id]
        return prose(keys[0]) if keys else UNBOUND

    def every(self, action_id: str, separator: str = "/") -> str:
        keys = self.keys[action_id]
        return separator.join(prose(key) for key in keys) if keys else UNBOUND

    def format(self, template: str) -> str:
        """A hint with `{action-id}` replaced by that action's key: "{undo} undoes it"."""
        return template.format_map(_Lookup(self))

    def why_not(self, action: Action) -> str | None:
        """What to say when an action that does not apply now is asked for anyway."""
        return self.format(CONDITIONS[action.applies]) if action.applies else None


class _Lookup(dict[str, str]):
    def __init__(self, names: KeyNames) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, action_id: str) -> str:
        if action_id not in BY_ID:
            raise KeyError(f"a hint names {action_id!r}, which is no action id")
        return self.names.key(action_id)


DEFAULT_KEYS = KeyNames()


def key_names(node: DOMNode) -> KeyNames:
    """The key names of the app `node` runs in (the defaults in an app of another kind)."""
    names = getattr(node.app, "key_names", None)
    return names if isinstance(names, KeyNames) else DEFAULT_KEYS


def hint(node: DOMNode, template: str) -> str:
    return key_names(node).format(template)


# A node that binds keys: runs and checks actions.
Node = Widget | App[Any]


def scope_nodes(app: App[Any], screen: Screen[Any]) -> Iterator[tuple[str, Node]]:
    """Each node of the screen (the screen, its widgets, then the app) with a registry scope."""
    nodes: list[Node] = [screen, *screen.query("*"), app]
    for node in nodes:
        scope = getattr(type(node), "SCOPE", None)
        if isinstance(scope, str):
            yield scope, node
        elif node is app:
            yield "app", node


def applies(node: DOMNode, run: str) -> bool:
    """The check the footer makes: the node's `check_action` for the action string."""
    name, parameters = parse(run)[1:]
    return bool(node.check_action(name, parameters))


def help_rows(app: App[Any], screen: Screen[Any]) -> list[tuple[str, str]]:
    """Every action of the screen (its widgets' and the app's too), with its keys after the
    keymap and whether it applies now: the help screen's table."""
    names = key_names(screen)
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for scope, node in scope_nodes(app, screen):
        for action in in_scope(scope):
            if action.id in seen:
                continue
            seen.add(action.id)
            note = "" if applies(node, action.run) else "  (not available now)"
            rows.append((names.every(action.id, ", "), action.help + note))
    return rows


def explain_refused(screen: Screen[Any], key: str) -> None:
    """A pressed key whose action does not apply now (dimmed in the footer) says why, rather
    than doing nothing: "Tag the sentence first (c, q or f), then give a verdict"."""
    if not screen.is_current:
        return  # a key typed just before a dialog opened: the app hands it to the dialog
    active = screen.active_bindings.get(key)
    if active is None or active.enabled:
        return
    action = BY_ID.get(active.binding.id or "")
    why = key_names(screen).why_not(action) if action is not None else None
    if why:
        screen.notify(why, severity="warning", timeout=4)
