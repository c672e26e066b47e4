"""Configuration found exactly as python-ovh finds it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resourcekit.core.config import InsecureConfigWarning
from resourcekit.core.errors import ConfigurationError
from resourcekit.ovh import OVH, resolve_config
from resourcekit.ovh.config import CONFIG_FILES, config_paths

KEYS = ("application_key", "application_secret", "consumer_key")


def write(path: Path, text: str) -> str:
    path.write_text(text)
    os.chmod(path, 0o600)
    return str(path)


def ini(section: str, value: str, keys: tuple[str, ...] = KEYS, endpoint: str = "ovh-eu") -> str:
    lines = [f"[default]\nendpoint={endpoint}\n", f"[{section}]"] + [f"{key}={value}" for key in keys]
    return "\n".join(lines) + "\n"


def test_later_files_fill_what_earlier_ones_lack(tmp_path: Path) -> None:
    system = write(tmp_path / "system.ini", ini("ovh-eu", "system"))
    user = write(tmp_path / "user.ini", "[ovh-eu]\napplication_secret=user\nconsumer_key=user\n")
    local = write(tmp_path / "local.ini", "[ovh-eu]\nconsumer_key=local\n")
    config = resolve_config(files=[local, user, system], environ={})
    assert (config.endpoint, config.application_key, config.application_secret, config.consumer_key) == (
        "ovh-eu",
        "system",
        "user",
        "local",
    )


def test_custom_file_beats_default_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ovh.conf", ini("ovh-eu", "user"))
    custom = write(tmp_path / "system.ini", ini("ovh-eu", "system"))
    for name in ("OVH_ENDPOINT", *(f"OVH_{key.upper()}" for key in KEYS)):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = resolve_config(config_file=custom)
    assert (config.application_key, config.application_secret, config.consumer_key) == ("system",) * 3
    assert resolve_config().application_key == "user"  # ./ovh.conf


def test_environment_beats_files_and_arguments_beat_environment(tmp_path: Path) -> None:
    custom = write(tmp_path / "c.ini", ini("ovh-eu", "file"))
    environ = {"OVH_ENDPOINT": "ovh-ca", **{f"OVH_{key.upper()}": "env" for key in KEYS}}
    config = resolve_config(files=[custom], environ=environ)
    assert config.endpoint == "ovh-ca"
    assert config.base_url == "https://ca.api.ovh.com/1.0"
    assert (config.application_key, config.application_secret, config.consumer_key) == ("env",) * 3
    explicit = resolve_config("ovh-us", "arg", "arg", "arg", files=[custom], environ=environ)
    assert (explicit.endpoint, explicit.application_key, explicit.consumer_key) == ("ovh-us", "arg", "arg")


def test_keys_come_from_the_endpoint_section(tmp_path: Path) -> None:
    text = "[default]\nendpoint=soyoustart-ca\n[ovh-eu]\napplication_key=eu\napplication_secret=eu\n"
    text += "[soyoustart-ca]\napplication_key=sys\napplication_secret=sys\n"
    both = write(tmp_path / "c.ini", text)
    config = resolve_config(files=[both], environ={})
    assert config.base_url == "https://ca.api.soyoustart.com/1.0"
    assert config.application_key == "sys"


def test_errors_name_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"endpoint is not set.*OVH_ENDPOINT"):
        resolve_config(files=[], environ={})
    with pytest.raises(ConfigurationError, match="missing authentication information"):
        resolve_config("ovh-eu", files=[], environ={})
    with pytest.raises(ConfigurationError, match="application_key is set but application_secret is not"):
        resolve_config("ovh-eu", "ak", files=[], environ={})
    with pytest.raises(ConfigurationError, match="client_secret is set but client_id is not"):
        resolve_config("ovh-eu", client_secret="s", files=[], environ={})
    with pytest.raises(ConfigurationError, match="not both"):
        resolve_config("ovh-eu", "ak", "as", client_id="i", client_secret="s", files=[], environ={})
    with pytest.raises(ConfigurationError, match="not compatible with endpoint kimsufi-eu"):
        resolve_config("kimsufi-eu", client_id="i", client_secret="s", files=[], environ={})
    with pytest.raises(ConfigurationError, match="unknown OVH endpoint"):
        resolve_config("nowhere", "ak", "as", files=[], environ={})


def test_oauth2_config_and_repr_hides_secrets() -> None:
    config = resolve_config("ovh-eu", client_id="my-id", client_secret="my-secret", files=[], environ={})
    assert config.auth_mode == "oauth2"
    signed = resolve_config("ovh-eu", "my-ak", "my-as", "my-ck", files=[], environ={})
    for shown in (repr(config), repr(signed)):
        assert "my-secret" not in shown and "my-as" not in shown and "my-ck" not in shown and "my-ak" not in shown


def test_readable_config_file_holding_a_secret_is_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "c.ini"
    path.write_text(ini("ovh-eu", "v"))
    os.chmod(path, 0o644)
    with pytest.warns(InsecureConfigWarning, match="chmod 600"):
        resolve_config(files=[str(path)], environ={})


def test_default_file_order_is_python_ovh_plus_ovhrc() -> None:
    assert CONFIG_FILES == ("./ovh.conf", "~/.ovh.conf", "~/.ovhrc", "/etc/ovh.conf")
    assert config_paths("/my/config.conf")[0] == "/my/config.conf"


def test_client_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OVH_ENDPOINT", "soyoustart-ca")
    monkeypatch.setenv("OVH_APPLICATION_KEY", "ak")
    monkeypatch.setenv("OVH_APPLICATION_SECRET", "top-secret-as")
    monkeypatch.setenv("OVH_CONSUMER_KEY", "top-secret-ck")
    with OVH() as ovh:
        assert ovh.base_url == "https://ca.api.soyoustart.com/1.0"
        assert ovh.auth_mode == "signature"
        assert "top-secret" not in repr(ovh)
        assert repr(ovh) == "OVH(endpoint='soyoustart-ca', auth='signature')"
