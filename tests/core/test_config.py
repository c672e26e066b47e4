from __future__ import annotations

import os
from pathlib import Path

import pytest

from resourcekit.core.config import (
    ConfigResolver,
    IniFile,
    InsecureConfigWarning,
    InvalidAddressError,
    check_server_url,
    split_server_url,
)
from resourcekit.core.errors import ConfigurationError, InvalidInputError


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


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[bad", "is not a valid URL: Invalid IPv6 URL"),
        ("http://[v1.x]/", "has a malformed IPv6 address"),
        ("http://exa mple.com", "has a malformed host name"),
        ("http://a%41.example", "has a malformed host name"),
        ("ftp://127.0.0.1/", "is not an http:// or https:// URL"),
        ("127.0.0.1:8000", "is not an http:// or https:// URL"),
        ("http://127.0.0.1:99999", "is not a valid URL: Port out of range"),
        ("http://127.0.0.1:0", "has a port out of range"),
        ("http://host:port/", "is not a valid URL: Port could not be cast"),
        ("http://:8000", "names no host"),
    ],
)
def test_malformed_server_urls_are_typed_errors(url: str, problem: str) -> None:
    with pytest.raises(InvalidAddressError) as raised:
        check_server_url(url, "the test URL")
    assert str(raised.value).startswith(f"the test URL {url!r} {problem}")
    # Both a bad value and a configuration problem, so either kind of handler catches it.
    assert isinstance(raised.value, InvalidInputError) and isinstance(raised.value, ConfigurationError)
    assert not isinstance(raised.value.__cause__, ValueError)  # no raw ValueError chained in


def test_good_server_urls_pass_through() -> None:
    for url in (
        "https://api.ovh.com/1.0",
        "http://127.0.0.1:8000",
        "http://[::1]:80/x",
        "https://bücher.de",
        "http://localhost",
    ):
        assert check_server_url(url) == url
    assert split_server_url("https://h:8/p").port == 8


def test_a_password_in_a_bad_url_is_never_shown() -> None:
    with pytest.raises(InvalidAddressError) as raised:
        check_server_url("http://user:hunter2@[bad/x")
    assert "hunter2" not in str(raised.value) and "***@[bad" in str(raised.value)
    with pytest.raises(InvalidAddressError, match="must be a string"):
        check_server_url(8000)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
