"""The reference pages render pydantic fields with their type and description.

mkdocs.yml loads griffe-pydantic into mkdocstrings. The test renders the OVH, HEXONET and
Siminars reference pages with the site's own configuration (only the navigation is cut down to
them) and reads the fields of a record's data class and a sync client's members in the HTML.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from typing import Any, cast

import pytest
import yaml

from tests.docs.examples import DOCS, ROOT

PAGES = ["ovh/reference.md", "hexonet/reference.md", "siminars/reference.md"]


def site_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    return config


def python_handler(config: dict[str, Any]) -> dict[str, Any]:
    plugins: list[object] = config["plugins"]
    for plugin in plugins:
        if entry_name(plugin) == "mkdocstrings":
            handler: dict[str, Any] = cast("dict[str, Any]", plugin)["mkdocstrings"]["handlers"]["python"]
            return handler
    raise AssertionError("mkdocs.yml has no mkdocstrings plugin")


def entry_name(entry: object) -> str:
    """A YAML list entry's name: ``name`` or ``{name: options}``."""
    return str(next(iter(cast("dict[str, Any]", entry)))) if isinstance(entry, dict) else str(entry)


def test_mkdocstrings_loads_griffe_pydantic() -> None:
    extensions: list[object] = python_handler(site_config())["options"]["extensions"]
    names = [entry_name(entry) for entry in extensions]
    assert "griffe_pydantic" in names


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The pages' HTML, as the site's configuration renders them."""
    folder = tmp_path_factory.mktemp("reference-site")
    config = site_config()
    for page in PAGES:
        (folder / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DOCS / page, folder / "docs" / page)
    python_handler(config)["paths"] = [str(ROOT)]
    config.update(docs_dir=str(folder / "docs"), site_dir=str(folder / "site"), nav=PAGES, strict=False)
    config.pop("extra_css", None)
    # Links to pages left out of this small site are not what this test is about.
    config.pop("validation", None)
    config["plugins"] = [plugin for plugin in config["plugins"] if plugin != "search"]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config))
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(folder / "mkdocs.yml")]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return {page: (folder / "site" / page.removesuffix(".md") / "index.html").read_text() for page in PAGES}


def text(markup: str) -> str:
    """The page's words: tags stripped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.slow
def test_data_classes_list_their_fields_with_type_and_description(rendered: dict[str, str]) -> None:
    ovh = text(rendered["ovh/reference.md"])
    # Read-only fields are Final, those the server always sends and those with a default alike, and
    # the reference says so; a field spells its type out rather than naming an alias.
    assert "Fields: bill_id ( Final [ str ] ) date ( Final [ datetime ] )" in ovh
    assert "price_with_tax ( Final [ Price ] )" in ovh
    assert "price_with_tax pydantic-field ¶ price_with_tax : Final [ Price ] The total including tax" in ovh
    assert "pdf_url pydantic-field ¶ pdf_url : Final [ str | None ] = None Where the bill's PDF is" in ovh
    assert "category ( Final [ Literal ['autorenew', 'earlyrenewal', 'purchase'," in ovh
    hexonet = text(rendered["hexonet/reference.md"])
    # The validator in ``Annotated[datetime | None, AS_DATE]`` stays out of the page.
    assert re.search(r"expiration_date \( Final \[ datetime \| None\] \)", hexonet)
    assert re.search(r"expiration_date pydantic-field ¶ expiration_date : Final \[ datetime \| None \] = None", hexonet)
    assert re.search(r"transfer_lock \( bool \| None \)", hexonet)
    assert "pydantic-field" in rendered["siminars/reference.md"]


@pytest.mark.slow
def test_sync_clients_list_their_members(rendered: dict[str, str]) -> None:
    for client, member in [("ovh.OVH", "request_consumer_key"), ("hexonet.Hexonet", "login")]:
        page = f"{client.split('.')[0]}/reference.md"
        assert f'id="resourcekit.{client}.{member}"' in rendered[page]
        assert f'id="resourcekit.{client}.with_options"' in rendered[page]
