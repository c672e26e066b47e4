from __future__ import annotations

import os
from pathlib import Path

import pytest

from resourcekit.core.config import ConfigResolver, IniFile, InsecureConfigWarning
from resourcekit.core.errors import ConfigurationError


def write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    os.chmod(path, mode)
    return path


def test_precedence_argument_environment_files(tmp_path: Path) -> None:
    first = write(tmp_path / "first.conf", "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=from-first\n")
    second = write(tmp_path / "second.conf", "[ovh-eu]\napplication_key=from-second\nconsumer_key=ck2\n")
    resolver = ConfigResolver(
        "OVH",
        files=[IniFile(first, ["ovh-eu"]), IniFile(second, ["ovh-eu"])],
        environ={"OVH_APPLICATION_KEY": "from-env"},
    )
    assert resolver.value("application_key", "explicit", env=["OVH_APPLICATION_KEY"]) == "explicit"
    assert resolver.value("application_key", env=["OVH_APPLICATION_KEY"]) == "from-env"
    assert resolver.value("application_key") == "from-first"
    assert resolver.value("consumer_key") == "ck2"
    assert resolver.value("endpoint", key="endpoint") is None
    assert ConfigResolver("OVH", files=[IniFile(first)]).value("endpoint") == "ovh-eu"


def test_missing_setting_names_every_place(tmp_path: Path) -> None:
    resolver = ConfigResolver("OVH", files=[IniFile(tmp_path / "absent.conf", ["ovh-eu"])], environ={})
    with pytest.raises(ConfigurationError) as raised:
        resolver.require("application_secret", env=["OVH_APPLICATION_SECRET"])
    message = str(raised.value)
    assert "OVH: application_secret is not set" in message
    assert "OVH_APPLICATION_SECRET" in message
    assert "absent.conf [ovh-eu]" in message


def test_secret_in_a_world_readable_file_warns_once(tmp_path: Path) -> None:
    path = write(tmp_path / "ovh.conf", "[default]\napplication_secret=s\n", mode=0o644)
    resolver = ConfigResolver("OVH", files=[IniFile(path)], environ={}, secret_keys=frozenset({"application_secret"}))
    with pytest.warns(InsecureConfigWarning, match="chmod 600"):
        assert resolver.value("application_secret") == "s"
    assert resolver.value("application_secret") == "s"  # warned once; filterwarnings=error proves it


def test_private_file_does_not_warn(tmp_path: Path) -> None:
    path = write(tmp_path / "ovh.conf", "[default]\napplication_secret=s\n")
    resolver = ConfigResolver("OVH", files=[IniFile(path)], environ={}, secret_keys=frozenset({"application_secret"}))
    assert resolver.value("application_secret") == "s"


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    write(tmp_path / ".toyrc", "[default]\nname=x\n")
    assert ConfigResolver("toy", files=[IniFile("~/.toyrc")], environ={}).value("name") == "x"


def test_a_malformed_file_is_a_configuration_error(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.conf", "no section header\nkey=value\n")
    with pytest.raises(ConfigurationError, match="not a valid config file"):
        ConfigResolver("OVH", files=[IniFile(path)], environ={}).value("key")
