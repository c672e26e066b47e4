"""The emulator's Starlette app, its seed, and the keep-alive limit of the real platform."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resourcekit.sandbox.base import SandboxSettings, SideEffects, connection_of
from resourcekit.sandbox.exosite.hdi import DataInterface
from resourcekit.sandbox.exosite.provision import Provisioning
from resourcekit.sandbox.exosite.rpc import RPC
from resourcekit.sandbox.exosite.state import (
    SEED_EPOCH,
    Content,
    OnePlatformState,
    ProvisionModel,
    SerialNumber,
    Vendor,
)

REQUESTS_PER_CONNECTION = 100
"""The platform closes a keep-alive connection after this many requests."""

UNLIMITED = {
    "client": "inherit",
    "dataport": "inherit",
    "datarule": "inherit",
    "dispatch": "inherit",
    "share": "inherit",
    "disk": "inherit",
}
SEED_PORTS = ("temperature", "humidity", "pressure", "voltage", "status")


class KeepAliveLimit:
    """Adds ``Connection: close`` to every 100th response on a connection (the server then closes it)."""

    def __init__(self, app: Starlette, state: OnePlatformState) -> None:
        self.app = app
        self.state = state

    @property
    def routes(self) -> list[BaseRoute]:
        """The wrapped app's routes (route checks look at them)."""
        return self.app.routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = _connection_key(scope, receive)
        counts = self.state.requests_on_connection
        count = counts.get(connection, 0) + 1
        counts[connection] = count
        self.state.connections.add(connection)
        closing = count % REQUESTS_PER_CONNECTION == 0

        async def send_with_close(message: Message) -> None:
            if closing and message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, send_with_close)


def _connection_key(scope: Scope, receive: Receive) -> tuple[Any, int]:
    """The peer plus the server's connection object: the kernel may give a new connection the port
    of a closed one, which must not inherit its request count."""
    return scope.get("client"), id(connection_of(receive))


def seed(state: OnePlatformState) -> dict[str, str]:
    """A vendor portal with dataports (with history), a device client, a datarule and a dispatch, and
    a provisioning vendor with a model, serial numbers and content. Returns the credentials."""
    size = max(1, state.settings.seed_size)
    root = state.add_node(None, "client", {"name": "Sandbox portal", "limits": dict(UNLIMITED)})
    state.root = root.rid
    assert root.cik is not None
    chosen_cik = state.settings.credential("cik", root.cik)
    if chosen_cik != root.cik:
        del state.ciks[root.cik]
        root.cik = chosen_cik
        state.ciks[chosen_cik] = root.rid
    for index in range(size):
        alias = SEED_PORTS[index] if index < len(SEED_PORTS) else f"port{index}"
        port = state.add_node(root.rid, "dataport", {"format": "float", "name": alias.title()})
        root.aliases[alias] = port.rid
        for minute in range(size * 2):
            port.points.append((SEED_EPOCH + minute * 60, round(20 + index + (minute % 7) * 0.5, 2)))
    first_port = root.aliases[SEED_PORTS[0]]
    rule = state.add_node(
        root.rid,
        "datarule",
        {
            "format": "integer",
            "name": "Too hot",
            "rule": {"simple": {"comparison": "gt", "constant": 30, "repeat": False}},
            "subscribe": first_port,
        },
    )
    root.aliases["too_hot"] = rule.rid
    dispatch = state.add_node(
        root.rid,
        "dispatch",
        {
            "format": "string",
            "name": "Alert",
            "method": "email",
            "recipient": "ops@example.com",
            "subject": "Too hot",
            "message": "Temperature is high",
            "subscribe": rule.rid,
        },
    )
    root.aliases["alert"] = dispatch.rid
    template = state.add_node(root.rid, "client", {"name": "Device template", "limits": dict(UNLIMITED)})
    root.aliases["template"] = template.rid
    for alias, form in (("temperature", "float"), ("firmware", "string")):
        port = state.add_node(template.rid, "dataport", {"format": form, "name": alias.title()})
        template.aliases[alias] = port.rid
    devices = state.add_node(root.rid, "client", {"name": "Devices", "limits": dict(UNLIMITED)})
    root.aliases["devices"] = devices.rid
    for index in range(size):
        device = state.add_node(devices.rid, "client", {"name": f"Device {index + 1}", "limits": dict(UNLIMITED)})
        devices.aliases[f"device{index + 1}"] = device.rid
        port = state.add_node(device.rid, "dataport", {"format": "float", "name": "Temperature"})
        device.aliases["temperature"] = port.rid
        port.points.append((SEED_EPOCH, 21.0 + index))
    vendor = Vendor("acme", root.rid, state.settings.credential("vendor_token", state.new_secret()))
    state.vendors[vendor.name] = vendor
    model = ProvisionModel(vendor.name, "thermostat", rid=template.rid)
    for index in range(size):
        sn = f"SN{index + 1:04d}"
        model.serial_numbers[sn] = SerialNumber(sn, extra=f"batch {1 + index // 10}")
    model.content["firmware.bin"] = Content(
        "firmware.bin", "firmware v1.0", False, "application/octet-stream", bytes(range(256)) * 4, SEED_EPOCH
    )
    state.models[(vendor.name, model.name)] = model
    other = state.add_node(None, "client", {"name": "Partner portal", "limits": dict(UNLIMITED)})
    state.vendors["partner"] = Vendor("partner", other.rid, state.new_secret())
    assert root.cik is not None and other.cik is not None
    return {
        "cik": root.cik,
        "vendor": vendor.name,
        "vendor_token": vendor.token,
        "partner_cik": other.cik,
        "partner_vendor": "partner",
    }


def create_app(
    settings: SandboxSettings, side_effects: SideEffects
) -> tuple[ASGIApp, OnePlatformState, dict[str, str]]:
    state = OnePlatformState(settings, side_effects)
    credentials = seed(state)
    rpc = RPC(state)
    routes = [
        Route("/onep:v1/rpc/process", rpc.endpoint, methods=["POST"]),
        Route("/api:v1/rpc/process", rpc.endpoint, methods=["POST"]),
        *DataInterface(state, rpc).routes(),
        *Provisioning(state).routes(),
    ]
    app = Starlette(routes=routes)
    return KeepAliveLimit(app, state), state, credentials
