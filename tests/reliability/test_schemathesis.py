"""schemathesis against the sandboxes, from the OpenAPI descriptions in models/.

Every described operation (except those marked ``x-resourcekit-unsupported``) gets generated cases,
sent in process (through the sandbox's ASGI app, no sockets) to a fresh emulator per operation,
with valid credentials: OVH requests signed as the API wants (``X-Ovh-Signature`` over the exact
URL and body), hook.io's key as the header and wherever the case carries the key parameter,
Siminars' apitoken and authtoken in the body, Exosite's vendor token header. Checks: no 5xx
(``not_a_server_error``), and the status code, content type and body conform to the description.

CI runs ``SCHEMATHESIS_EXAMPLES`` (default 10) cases per operation; the long run is
``SCHEMATHESIS_EXAMPLES=500 HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/reliability/test_schemathesis.py``.
The runs are derandomized in CI (the same cases every run) and random in the long run.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks as _checks
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi import checks as _openapi_checks

from resourcekit.sandbox.base import Emulator, SandboxSettings
from resourcekit.sandbox.inprocess import SyncInProcessTransport
from resourcekit.sandbox.server import build
from resourcekit.siminars.wire import make_password

RecordFigures = Callable[..., None]

MODELS = Path(__file__).resolve().parents[2] / "models"
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "10"))
DERANDOMIZE = os.environ.get("HYPOTHESIS_PROFILE", "ci") != "long"
BASE = "http://localhost"
# schemathesis' checks are typed with its generic Case: held as Any here (pyright strict).
NOT_A_SERVER_ERROR: Any = cast(Any, _checks).not_a_server_error
CHECKS: list[Any] = [
    NOT_A_SERVER_ERROR,
    cast(Any, _openapi_checks).status_code_conformance,
    cast(Any, _openapi_checks).content_type_conformance,
    cast(Any, _openapi_checks).response_schema_conformance,
]
SUPPRESSED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]


@schemathesis.serializer("application/javascript")
def _javascript(_context: Any, value: Any) -> bytes:
    """Siminars bodies: JSON under the content type its server insists on."""
    return json.dumps(value).encode()


@dataclass
class Session:
    """One fresh emulator and what a case needs to be sent to it with valid credentials."""

    emulator: Emulator
    client: httpx.Client
    transport: SyncInProcessTransport
    tokens: dict[str, str] = field(default_factory=dict[str, str])

    @property
    def credentials(self) -> Any:
        return self.emulator.credentials


@dataclass(frozen=True)
class API:
    provider: str
    description: str
    prefix: str
    authorize: Callable[[Session, Any, requests.PreparedRequest], httpx.Headers]
    prepare: Callable[[Session, Any], None] = lambda session, case: None
    global_rule: Callable[[httpx.Response], bool] = lambda response: False
    """A reply the description allows on every operation (its ``info`` says so), checked here."""


def _plain_headers(request: requests.PreparedRequest) -> httpx.Headers:
    return httpx.Headers({name: str(value) for name, value in request.headers.items()})


def _body(request: requests.PreparedRequest) -> bytes:
    body: Any = request.body or b""
    return body.encode() if isinstance(body, str) else body


def _ovh_authorize(session: Session, case: Any, request: requests.PreparedRequest) -> httpx.Headers:
    headers = _plain_headers(request)
    credentials = session.credentials
    if case.operation.path == "/auth/oauth2/token":
        token = f"{credentials['client_id']}:{credentials['client_secret']}"
        headers["Authorization"] = "Basic " + base64.b64encode(token.encode()).decode()
        return headers
    timestamp = str(int(time.time()))
    signed = "+".join(
        [
            credentials["application_secret"],
            credentials["consumer_key"],
            str(request.method),
            str(request.url),
            _body(request).decode("utf-8", "replace"),
            timestamp,
        ]
    )
    headers["X-Ovh-Application"] = credentials["application_key"]
    headers["X-Ovh-Consumer"] = credentials["consumer_key"]
    headers["X-Ovh-Timestamp"] = timestamp
    headers["X-Ovh-Signature"] = "$1$" + hashlib.sha1(signed.encode()).hexdigest()
    return headers


def _hookio_prepare(session: Session, case: Any) -> None:
    key = session.credentials["hook_private_key"]
    for carrier in (case.query, case.body):  # the parameter wins over the header: make it the key
        if isinstance(carrier, dict) and "hook_private_key" in carrier:
            cast("dict[str, Any]", carrier)["hook_private_key"] = key
    body: Any = case.body
    if isinstance(body, dict) and str(case.path).startswith("/gateway"):
        # A gateway runs what it is sent, and generated text is no program (its failure is the
        # documented 500): send a snippet that runs, so the check is about the reply's shape.
        cast("dict[str, Any]", body)["source"] = "print('ok')"


def _hookio_error_with_200(response: httpx.Response) -> bool:
    """hook.io's description: a failed role check, and many handlers' errors, answer HTTP 200 with
    ``{"error": true, "message": ...}`` (its ``Error`` schema) on any route."""
    if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
        return False
    try:
        body: Any = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    fields = cast("dict[str, Any]", body)
    return fields.get("error") is True and isinstance(fields.get("message"), str)


def _hookio_authorize(session: Session, case: Any, request: requests.PreparedRequest) -> httpx.Headers:
    headers = _plain_headers(request)
    headers["hookio-private-key"] = session.credentials["hook_private_key"]
    return headers


def _siminars_login(session: Session) -> None:
    credentials = session.credentials
    body = {
        "apitoken": credentials["apitoken"],
        "email": credentials["email"],
        "password": make_password(credentials["email"], credentials["password"]),
    }
    reply = session.client.post(
        "/authtoken", content=json.dumps(body), headers={"Content-Type": "application/javascript"}
    )
    session.tokens["authtoken"] = reply.json()["data"]["authtoken"]


def _siminars_prepare(session: Session, case: Any) -> None:
    body: Any = case.body
    if isinstance(body, dict):
        data = cast("dict[str, Any]", body)
        data["apitoken"] = session.credentials["apitoken"]
        data["authtoken"] = session.tokens["authtoken"]


def _exosite_authorize(session: Session, case: Any, request: requests.PreparedRequest) -> httpx.Headers:
    """The vendor token where the operation takes it, else the vendor's CIK; nothing where none is needed."""
    headers = _plain_headers(request)
    operation = case.operation
    security = operation.definition.raw.get("security", operation.schema.raw_schema.get("security", []))
    schemes = {name for requirement in security for name in requirement}
    if "vendorToken" in schemes:
        headers["X-Exosite-Token"] = session.credentials["vendor_token"]
    elif "vendorCIK" in schemes:
        headers["X-Exosite-CIK"] = session.credentials["cik"]
    return headers


APIS = [
    API("ovh", "ovh.openapi.yaml", "/1.0", _ovh_authorize),
    API("hookio", "hookio.openapi.yaml", "", _hookio_authorize, _hookio_prepare, _hookio_error_with_200),
    API(
        "siminars",
        "siminars.openapi.yaml",
        "",
        lambda session, case, request: _plain_headers(request),
        _siminars_prepare,
    ),
    API("exosite", "exosite-provisioning.openapi.yaml", "", _exosite_authorize),
]


def _session(api: API) -> Session:
    _, emulator = build(api.provider, SandboxSettings())
    transport = SyncInProcessTransport(emulator.app)
    session = Session(emulator, httpx.Client(transport=transport, base_url=BASE), transport)
    if api.provider == "siminars":
        _siminars_login(session)
    return session


@dataclass
class Tally:
    operations: int = 0
    cases: int = 0
    server_errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict[str, int])
    failures: dict[str, str] = field(default_factory=dict[str, str])


def _send(api: API, session: Session, case: Any) -> httpx.Response:
    api.prepare(session, case)
    # A path with servers of its own (OVH's token endpoint) lives at the root, not under the prefix.
    base = BASE if "servers" in case.operation.schema.raw_schema["paths"][case.operation.path] else BASE + api.prefix
    sent = case.as_transport_kwargs(base_url=base)
    allowed = ("method", "url", "headers", "params", "json", "data", "files", "cookies")
    request = requests.Request(**{name: value for name, value in sent.items() if name in allowed}).prepare()
    headers = api.authorize(session, case, request)
    response = session.client.request(str(request.method), str(request.url), headers=headers, content=_body(request))
    response.elapsed = datetime.timedelta(0)  # read through a bare transport: no timer ran
    return response


def _operations(api: API) -> Iterator[Any]:
    schema: Any = cast(Any, schemathesis).openapi.from_path(str(MODELS / api.description))
    for result in schema.get_all_operations():
        operation: Any = result.ok()
        if operation.definition.raw.get("x-resourcekit-unsupported"):
            continue
        yield operation


def _run_operation(api: API, operation: Any, tally: Tally) -> None:
    session = _session(api)
    tally.operations += 1

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=DERANDOMIZE,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=SUPPRESSED,
    )
    @given(operation.as_strategy())
    def run(case: Any) -> None:
        response = _send(api, session, case)
        tally.cases += 1
        status_class = f"answers_{response.status_code // 100}xx"
        tally.statuses[status_class] = tally.statuses.get(status_class, 0) + 1
        if response.status_code >= 500:
            tally.server_errors += 1
        checks = [NOT_A_SERVER_ERROR] if api.global_rule(response) else CHECKS
        try:
            case.validate_response(response, checks=checks)
        except (Failure, FailureGroup) as error:
            # Keep the first failure of each operation, with what was sent, and go on: one run
            # reports every operation that disagrees with its description.
            tally.failures.setdefault(
                operation.label,
                f"{case.method} {case.formatted_path} -> {response.status_code} {response.text[:200]!r}\n{error}",
            )

    try:
        run()
    finally:
        session.client.close()
        session.transport.close()


@pytest.mark.parametrize("api", APIS, ids=[api.provider for api in APIS])
def test_sandbox_answers_as_described(api: API, reliability_figures: RecordFigures) -> None:
    tally = Tally()
    for operation in _operations(api):
        _run_operation(api, operation, tally)
    reliability_figures(
        f"schemathesis.{api.provider}",
        operations=tally.operations,
        cases=tally.cases,
        server_errors=tally.server_errors,
        mismatches=len(tally.failures),
        **dict(sorted(tally.statuses.items())),
    )
    assert tally.server_errors == 0
    assert not tally.failures, "\n\n".join(f"{label}: {detail}" for label, detail in tally.failures.items())
