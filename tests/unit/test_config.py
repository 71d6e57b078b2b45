"""The config file: known keys load, unknown keys (binding ids included) name file and key, and
the binding ids it accepts are the action registry's, which are the TUI's bindings."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from textual.binding import Binding

import workbench.tui.screens
import workbench.tui.widgets
from tests.conftest import ROOT
from workbench.actions import BY_ID
from workbench.config import BINDING_IDS, Config, ConfigError, Organisation, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'reviewer = "Dana Reyes"\ntheme = "textual-light"\n'
        '[organisation]\nname = "Example Fact Check"\n'
        'url = "https://factcheck.example.org"\n'
        '[keys]\ntag-claim = "c,1"\nnext-work = "n,space"\n'
        'accept = "a"\nwork-order = "o"\n',
    )
    assert load_config(path) == Config(
        reviewer="Dana Reyes",
        theme="textual-light",
        organisation=Organisation("Example Fact Check", "https://factcheck.example.org"),
        keys={"tag-claim": "c,1", "next-work": "n,space", "accept": "a", "work-order": "o"},
    )


def test_a_missing_config_is_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == Config()


@pytest.mark.parametrize(
    "text,key",
    [
        ('reviewr = "typo"\n', "unknown key reviewr"),
        ('[organisation]\nnmae = "x"\n', "unknown key organisation.nmae"),
        ('[keys]\nnope = "x"\n', "unknown key keys.nope"),
        ('[keys]\ntag-claim = "c"\ntag_claim = "1"\n', "unknown key keys.tag_claim"),
    ],
)
def test_unknown_keys_name_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert key in str(refused.value)
    assert str(path) in str(refused.value)


def test_an_unknown_binding_id_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a binding id") as refused:
        load_config(write(tmp_path, '[keys]\nnext_work = "n"\n'))
    assert "next-work" in str(refused.value)


def _tui_binding_ids() -> set[str]:
    modules = [importlib.import_module("workbench.tui.app")]
    for package in (workbench.tui.screens, workbench.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    ids: set[str] = set()
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in vars(cls).get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    ids.add(binding.id)
    return ids


def test_known_binding_ids_are_exactly_the_tui_bindings() -> None:
    ids = _tui_binding_ids()
    assert {"tag-claim", "next-work", "accept", "work-order", "cursor-down"} <= ids  # found
    assert ids - BINDING_IDS == set(), "binding ids the config would refuse"
    assert BINDING_IDS - ids == set(), "binding ids the config accepts but no key has"


def test_every_registry_action_is_bound_as_the_registry_says() -> None:
    """Each TUI binding is the registry's: same keys, action and description."""
    modules = [importlib.import_module("workbench.tui.app")]
    for package in (workbench.tui.screens, workbench.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    for module in modules:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in vars(cls).get("BINDINGS", []):
                assert isinstance(binding, Binding) and binding.id, (cls, binding)
                action = BY_ID[binding.id]
                assert (binding.key, binding.action, binding.description) == (
                    action.keys,
                    action.run,
                    action.description,
                )
                assert vars(cls)["SCOPE"] in action.scopes
                assert hasattr(cls, "action_" + action.method), (cls, action.method)


def test_the_config_and_the_registry_import_no_textual() -> None:
    code = (
        "import sys, workbench.config, workbench.actions;"
        "print(','.join(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('workbench.tui')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_a_config_remapping_a_key_loads(tmp_path: Path) -> None:
    path = write(tmp_path, '[keys]\ntag-claim = "y"\nundo = "z"\nrating-1 = "ctrl+1"\n')
    assert load_config(path).keys == {"tag-claim": "y", "undo": "z", "rating-1": "ctrl+1"}


def test_saving_the_organisation_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    from workbench.config import save_organisation

    path = tmp_path / "config.toml"
    path.write_text(
        '# my settings\nreviewer = "dana"\n\n[organisation]\nname = "Old name"  # ours\n'
        '\n[keys]\nexport = "x"\n',
        encoding="utf-8",
    )
    save_organisation(
        path, {"name": 'The "Fact" Desk', "report_url": "https://f.example/{article}"}
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my settings\nreviewer = "dana"\n')
    config = load_config(path)
    assert config.organisation.name == 'The "Fact" Desk'
    assert config.organisation.report_url == "https://f.example/{article}"
    assert config.keys == {"export": "x"} and config.reviewer == "dana"
    fresh = tmp_path / "new" / "config.toml"
    save_organisation(fresh, {"url": "https://f.example"})
    assert load_config(fresh).organisation.url == "https://f.example"


def test_a_config_that_does_not_load_is_not_edited(tmp_path: Path) -> None:
    from workbench.config import ConfigError, save_organisation

    path = tmp_path / "config.toml"
    path.write_text("reviewer = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        save_organisation(path, {"name": "X"})
    assert path.read_text(encoding="utf-8") == "reviewer = \n"
