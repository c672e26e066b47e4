"""Client certificates reach the server on every backend, through an ``ssl.SSLContext`` in ``verify``.

A server that requires a client certificate (mutual TLS) is served over HTTPS on 127.0.0.1 with
certificates from a private CA (trustme). A transport whose ``verify`` context trusts the CA and
holds a client certificate the CA issued is let in, on the aiohttp backend and on httpcore, async
and sync; one without a certificate is turned away with a typed `TransportError`.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Generator
from pathlib import Path

import pytest
import trustme

from resourcekit.core._async.transport import AsyncTransport
from resourcekit.core._sync.transport import Transport
from resourcekit.core.errors import TransportError
from resourcekit.core.options import TransportOptions
from resourcekit.core.request import RequestSpec
from resourcekit.ovh import OVH
from resourcekit.sandbox.base import SandboxSettings
from resourcekit.sandbox.registry import get_provider
from tests.reliability.test_tls_and_http import TLSServer

RecordFigures = Callable[..., None]


class Files:
    """The CA bundle, the server's certificate and key, and a client's certificate chain and key."""

    def __init__(self, folder: Path) -> None:
        ca = trustme.CA()
        self.ca = folder / "ca.pem"
        self.server_cert = folder / "server.pem"
        self.server_key = folder / "server.key"
        self.client_cert = folder / "client.pem"
        self.client_key = folder / "client.key"
        ca.cert_pem.write_to_path(str(self.ca))
        server = ca.issue_cert("127.0.0.1", "localhost")
        server.private_key_pem.write_to_path(str(self.server_key))
        server.cert_chain_pems[0].write_to_path(str(self.server_cert))
        client = ca.issue_cert("client@resourcekit.test")
        client.private_key_pem.write_to_path(str(self.client_key))
        client.cert_chain_pems[0].write_to_path(str(self.client_cert))

    def context(self, *, with_certificate: bool) -> ssl.SSLContext:
        """What a user passes as ``verify``: the CA trusted, and a client certificate when asked."""
        context = ssl.create_default_context(cafile=str(self.ca))
        if with_certificate:
            context.load_cert_chain(str(self.client_cert), str(self.client_key))
        return context


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(tmp_path_factory.mktemp("mtls"))


@pytest.fixture(scope="module")
def mutual_tls(files: Files) -> Generator[str, None, None]:
    """The OVH emulator behind a server that requires a client certificate from the CA."""
    emulator = get_provider("ovh").create(SandboxSettings(seed_size=1))
    with TLSServer(emulator.app, files.server_cert, files.server_key, client_ca=files.ca) as url:
        yield url + "/1.0"


TIME = RequestSpec("GET", "auth/time", authenticate=False)


@pytest.mark.anyio
async def test_async_transports_present_the_certificate_of_their_context(
    mutual_tls: str, files: Files, http_backend: str, reliability_figures: RecordFigures
) -> None:
    accepted = TransportOptions(base_url=mutual_tls, verify=files.context(with_certificate=True), max_retries=0)
    async with AsyncTransport(accepted) as transport:
        assert isinstance((await transport.request(TIME)).parsed, int)
    refused = TransportOptions(base_url=mutual_tls, verify=files.context(with_certificate=False), max_retries=0)
    async with AsyncTransport(refused) as transport:
        with pytest.raises(TransportError):
            await transport.request(TIME)
    reliability_figures(f"tls.client_certificate.async.{http_backend}", accepted=1, refused_without=1)


def test_sync_transports_present_the_certificate_of_their_context(
    mutual_tls: str, files: Files, reliability_figures: RecordFigures
) -> None:
    accepted = TransportOptions(base_url=mutual_tls, verify=files.context(with_certificate=True), max_retries=0)
    with Transport(accepted) as transport:
        assert isinstance(transport.request(TIME).parsed, int)
    refused = TransportOptions(base_url=mutual_tls, verify=files.context(with_certificate=False), max_retries=0)
    with Transport(refused) as transport, pytest.raises(TransportError):
        transport.request(TIME)
    reliability_figures("tls.client_certificate.sync", accepted=1, refused_without=1)


def test_a_provider_client_presents_the_certificate_of_its_verify_context(mutual_tls: str, files: Files) -> None:
    keys = {"application_key": "ak", "application_secret": "as"}
    with OVH(mutual_tls, **keys, verify=files.context(with_certificate=True), max_retries=0) as ovh:
        assert isinstance(ovh.get("/auth/time", need_auth=False), int)
    with (
        OVH(mutual_tls, **keys, verify=files.context(with_certificate=False), max_retries=0) as ovh,
        pytest.raises(TransportError),
    ):
        ovh.get("/auth/time", need_auth=False)
